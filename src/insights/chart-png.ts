import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { ChartOption } from './chart-options.js';

const require = createRequire(import.meta.url);
/** The font is a package, so a board paper's charts look the same on every machine (no system fonts read). */
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

/** Large enough for a printed A4 page at 150 dpi across its width. */
export const PNG_SIZE = { width: 1200, height: 600 };

/**
 * A chart as PNG without a browser: ECharts draws it as SVG on the server (the same option the page draws),
 * resvg rasterises it. Works where no Chromium is installed (the production image).
 */
export function renderChartPng(option: ChartOption, size = PNG_SIZE): Buffer {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(option);
    const svg = chart.renderToSVGString();
    return new Resvg(svg, { background: '#ffffff', font: { fontFiles: [FONT], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
  } finally {
    chart.dispose();
  }
}
