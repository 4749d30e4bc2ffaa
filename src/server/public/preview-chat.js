// The preview chat: sends what the officer types as a resident would, shows the replies as a phone would,
// keeps the transcript across page reloads (sessionStorage), and says what the bot is doing when it is
// silent or when Twilio itself would answer.
(() => {
  const log = document.getElementById('log');
  const phone = document.getElementById('phone');
  const form = document.getElementById('send');
  const input = document.getElementById('text');
  const localeSelect = document.getElementById('locale');
  const problems = document.getElementById('problems');
  const clientId = localStorage.getItem('signpost-preview-id') || crypto.randomUUID();
  localStorage.setItem('signpost-preview-id', clientId);

  const NOTES = {
    silent: 'No reply, on purpose: this resident has said STOP, so the bot stays silent until they send START.',
    STOP: 'On SMS, Twilio answers STOP itself (its standard opt-out text, or your Advanced Opt-Out wording) and blocks further texts. The bot records the opt-out and sends nothing.',
    START: 'On SMS, Twilio answers START itself and lets texts through again; the bot picks up where the conversation was.',
    HELP: 'On SMS, Twilio answers HELP itself (its standard help text, or your Advanced Opt-Out wording); the bot sends nothing more.',
  };

  let channel = sessionStorage.getItem('signpost-preview-channel') || 'sms';
  const transcriptKey = () => 'signpost-preview-transcript:' + channel;
  const conversationId = () => clientId + (sessionStorage.getItem('signpost-preview-round:' + channel) || '');
  const transcript = () => JSON.parse(sessionStorage.getItem(transcriptKey()) || '[]');

  function escapeHtml(s) { return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]); }
  function whatsappMarkup(s) { return escapeHtml(s).replace(/\*([^*\n]+)\*/g, '<strong>$1</strong>'); }

  function draw(entry) {
    if (entry.who === 'scan') {
      const note = document.createElement('p');
      note.className = 'scan';
      note.textContent = entry.text;
      log.appendChild(note);
      return;
    }
    const div = document.createElement('div');
    div.className = 'bubble ' + entry.who;
    // Urdu reads right to left: each bubble takes its direction from its own first letter.
    div.dir = 'auto';
    const html = entry.who === 'bot' && channel === 'whatsapp' ? whatsappMarkup(entry.text) : escapeHtml(entry.text || ' ');
    div.innerHTML = html + (entry.meta ? '<span class="meta">' + escapeHtml(entry.meta) + '</span>' : '');
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }

  function add(entry) {
    sessionStorage.setItem(transcriptKey(), JSON.stringify([...transcript(), entry]));
    draw(entry);
  }

  function show() {
    phone.className = channel;
    document.querySelector('input[name=channel][value="' + channel + '"]').checked = true;
    log.innerHTML = '';
    transcript().forEach(draw);
    const entries = transcript();
    const last = entries.length ? entries[entries.length - 1] : {};
    window.dispatchEvent(new CustomEvent('preview:step', { detail: { at: last.at || null, locale: last.locale || null } }));
  }

  /** Fields other preview settings add (data-preview-field="name" inside #preview-extras). */
  function extras() {
    const fields = {};
    document.querySelectorAll('#preview-extras [data-preview-field]').forEach((el) => { if (el.value) fields[el.dataset.previewField] = el.value; });
    return fields;
  }

  async function send(text) {
    add({ who: 'me', text });
    try {
      const res = await fetch('chat/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...extras(), clientId: conversationId(), channel, text }) });
      const data = await res.json();
      if (!res.ok) throw new Error(data.error || res.statusText);
      for (const m of data.messages) {
        const meta = channel === 'sms' ? m.segments + ' SMS segment' + (m.segments === 1 ? '' : 's') + ' · ' + m.encoding + ' · ' + m.characters + ' characters' : '';
        add({ who: 'bot', text: m.body, meta, at: data.at, locale: data.locale });
      }
      if (data.carrier) add({ who: 'notice', text: NOTES[data.carrier], at: data.at });
      else if (data.silent) add({ who: 'notice', text: NOTES.silent, at: data.at });
      else if (!data.messages.length) add({ who: 'notice', text: 'No reply.', at: data.at });
      // The step is remembered on the last entry, so the diagram shows it again after a reload.
      const entries = transcript();
      if (entries.length) { Object.assign(entries[entries.length - 1], { at: data.at, locale: data.locale }); sessionStorage.setItem(transcriptKey(), JSON.stringify(entries)); }
      window.dispatchEvent(new CustomEvent('preview:step', { detail: { at: data.at, locale: data.locale } }));
    } catch (error) {
      add({ who: 'notice', text: '(preview error: ' + error.message + ')' });
    }
  }

  document.querySelectorAll('input[name=channel]').forEach((radio) => radio.addEventListener('change', () => {
    channel = radio.value;
    sessionStorage.setItem('signpost-preview-channel', channel);
    show();
  }));

  function startAfresh() {
    sessionStorage.setItem('signpost-preview-round:' + channel, '-' + Date.now().toString(36));
    sessionStorage.removeItem(transcriptKey());
    show();
  }

  document.getElementById('restart').addEventListener('click', () => {
    startAfresh();
    input.focus();
  });

  // Other parts of the page (the campaign picker) start a fresh conversation with a first message, or add a note.
  window.addEventListener('preview:start', (event) => {
    startAfresh();
    add({ who: 'scan', text: event.detail.note });
    send(event.detail.text);
  });
  window.addEventListener('preview:notice', (event) => add({ who: 'notice', text: event.detail.text }));

  // Picking a language sends its name, exactly as a resident switches language.
  localeSelect.addEventListener('change', () => {
    const option = localeSelect.selectedOptions[0];
    if (option && option.value) send(option.textContent);
    localeSelect.value = '';
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = '';
    send(text).then(() => input.focus());
  });

  // Which version is live, and whether the last saved edit was refused (the last good version keeps running).
  let version = null;
  async function poll() {
    try {
      const status = await (await fetch('chat/status')).json();
      if (!localeSelect.options.length) {
        localeSelect.add(new Option('Switch to…', ''));
        for (const l of status.locales) localeSelect.add(new Option(l.name, l.id));
      }
      const now = status.version.flows + '/' + status.version.content;
      if (version && now !== version) {
        add({ who: 'notice', text: 'Your edit is live (flows ' + status.version.flows + ', content ' + status.version.content + '). New replies use it.' });
        window.dispatchEvent(new CustomEvent('preview:published'));
      }
      version = now;
      showProblems(status.problems, status.heldBack);
    } catch {
      // The server is restarting; try again on the next tick.
    }
  }

  function showProblems(list, heldBack) {
    if (!list.length) { problems.hidden = true; problems.innerHTML = ''; return; }
    const items = list.map((p) => '<li>' + escapeHtml(p) + '</li>').join('');
    const more = heldBack ? '<p>' + heldBack + ' more check(s) wait until this is fixed.</p>' : '';
    problems.innerHTML = '<h2>Your last edit was not published</h2><p>The preview keeps running the last version that worked. Fix this and save again:</p><ul>' + items + '</ul>' + more;
    problems.hidden = false;
  }

  show();
  poll();
  setInterval(poll, 1000);
  input.focus();
})();
