// The campaign picker: starts a conversation as a new resident who scanned a campaign's code would, with the
// words their phone prefills (chosen from the list, or from the address: /?campaign=library&lang=pl).
(() => {
  const picker = document.getElementById('campaign');
  let campaigns = [];

  function startCampaign(id, locale) {
    const campaign = campaigns.find((c) => c.id === id);
    if (!campaign) {
      window.dispatchEvent(new CustomEvent('preview:notice', { detail: { text: '(preview: there is no campaign "' + id + '"; choose one from the list above)' } }));
      return;
    }
    const prefill = campaign.prefills.find((p) => p.locale === locale) || campaign.prefills[0];
    const note = 'Scanned the ' + campaign.name + ' code (' + prefill.locale + ')';
    window.dispatchEvent(new CustomEvent('preview:start', { detail: { note, text: prefill.text } }));
  }

  picker.addEventListener('change', () => {
    const [id, locale] = picker.value.split(':');
    if (id) startCampaign(id, locale);
  });

  async function loadCampaigns() {
    const res = await fetch('chat/campaigns');
    campaigns = res.ok ? (await res.json()).campaigns : [];
    for (const c of campaigns) {
      for (const p of c.prefills) {
        const when = c.status === 'expired' ? ' (ended ' + c.ends + ')' : c.status === 'upcoming' ? ' (starts ' + c.starts + ')' : '';
        picker.add(new Option(c.name + (c.prefills.length > 1 ? ' · ' + p.locale : '') + when, c.id + ':' + p.locale));
      }
    }
    document.getElementById('campaigns').hidden = campaigns.length === 0;
    const params = new URLSearchParams(location.search);
    const wanted = params.get('campaign');
    if (wanted) startCampaign(wanted, params.get('lang'));
  }
  loadCampaigns();
})();
