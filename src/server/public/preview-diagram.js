// The current flow as a diagram, with the step the conversation is on highlighted. Mermaid is served by
// this server from node_modules; without it (a production install) the panel says so and the chat works.
(() => {
  const panel = document.getElementById('diagram');
  const title = document.getElementById('flow-name');
  let at = null;
  let locale = null;
  let mermaidReady = null;
  let drawing = 0;

  function loadMermaid() {
    mermaidReady ??= new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = 'preview/vendor/mermaid.min.js';
      script.onload = () => {
        window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', flowchart: { htmlLabels: false } });
        resolve(window.mermaid);
      };
      script.onerror = () => reject(new Error('the diagram library is not installed'));
      document.head.appendChild(script);
    });
    return mermaidReady;
  }

  async function draw() {
    const round = (drawing += 1);
    try {
      const query = new URLSearchParams();
      if (at) query.set('at', at);
      if (locale) query.set('locale', locale);
      const diagram = await (await fetch('chat/diagram?' + query)).json();
      const mermaid = await loadMermaid();
      const { svg } = await mermaid.render('flow-svg-' + round, diagram.mermaid);
      if (round !== drawing) return;
      panel.innerHTML = svg;
      panel.dataset.flow = diagram.flow;
      panel.dataset.at = diagram.at || '';
      title.textContent = diagram.flow;
      panel.querySelector('.live')?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    } catch (error) {
      if (round === drawing) panel.textContent = 'No diagram: ' + error.message;
    }
  }

  // The diagram shows the step's words in the conversation's language.
  window.addEventListener('preview:step', (event) => { at = event.detail.at; locale = event.detail.locale; draw(); });
  window.addEventListener('preview:published', draw);
})();
