// Draws each report's chart from the option the server wrote beside it (src/insights/chart-options.ts), with
// ECharts served from this site. Without scripts the tables beneath still hold every figure.
/* global echarts */
(function drawCharts() {
  if (typeof echarts === 'undefined') return;
  var charts = [];
  document.querySelectorAll('.chart[data-chart]').forEach(function (element) {
    var chart = echarts.init(element, null, { renderer: 'canvas' });
    chart.setOption(JSON.parse(element.getAttribute('data-chart')));
    charts.push(chart);
  });
  var pending = 0;
  window.addEventListener('resize', function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (chart) { chart.resize(); });
    }, 100);
  });
})();
