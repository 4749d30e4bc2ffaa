// Before `npm test`: the system programs the tests run for real (redis-server and redis-cli, Debian's Chromium).
// Missing ones are installed with apt-get when we are root on Debian/Ubuntu; otherwise one line says what to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const onPath = (program) => spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const needed = [];
// A REDIS_URL means the tests use that Redis; the Cluster test still starts its own servers.
if (!onPath('redis-server') || !onPath('redis-cli')) needed.push('redis-server');
if (!executable(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) needed.push('chromium');
if (needed.length === 0) process.exit(0);

const command = `apt-get install -y ${needed.join(' ')}`;
const isRoot = process.getuid?.() === 0;
if (!isRoot || !onPath('apt-get')) {
  console.error(`npm test needs ${needed.join(' and ')}: run \`sudo ${command}\` (Debian/Ubuntu), then npm test again.`);
  process.exit(2);
}
console.error(`npm test: installing ${needed.join(' and ')} (${command})`);
try {
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('apt-get', ['install', '-y', '-qq', ...needed], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
} catch {
  console.error(`npm test: could not install ${needed.join(' and ')}: run \`${command}\` yourself, then npm test again.`);
  process.exit(2);
}
