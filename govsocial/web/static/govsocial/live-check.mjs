// Live checks as the author types. Progressive enhancement: without this file the findings
// still appear after each save. Posts the text to the API and shows the findings beside it.
const script = document.currentScript || document.querySelector('script[data-endpoint]')
const endpoint = script && script.dataset.endpoint
const textarea = document.querySelector('textarea[data-live-check]')
const panel = document.getElementById('live-check')
const csrf = document.querySelector('input[name=csrfmiddlewaretoken]')

function render (result) {
  panel.replaceChildren()
  const heading = document.createElement('p')
  heading.className = 'govuk-body govuk-!-font-weight-bold'
  const count = result.reports.reduce((n, r) => n + r.findings.length, 0)
  heading.textContent = count === 0 ? 'Live check: no problems found so far.' : `Live check: ${count} finding${count === 1 ? '' : 's'}.`
  panel.append(heading)
  const list = document.createElement('ul')
  list.className = 'govuk-list govuk-body-s'
  for (const report of result.reports) {
    for (const finding of report.findings) {
      const item = document.createElement('li')
      item.textContent = `${finding.severity.toUpperCase()} (${report.account}): ${finding.message}`
      list.append(item)
    }
  }
  panel.append(list)
}

if (endpoint && textarea && panel && csrf) {
  const accounts = () => Array.from(document.querySelectorAll('input[name=accounts]:checked')).map((el) => Number(el.value))
  let timer
  const run = async () => {
    const body = { text: textarea.value, accounts: accounts() }
    const campaign = document.getElementById('id_campaign_code')
    if (campaign) body.campaign_code = campaign.value
    if (script.dataset.post) body.post = Number(script.dataset.post)
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrf.value },
      credentials: 'same-origin',
      body: JSON.stringify(body)
    })
    if (response.ok) render(await response.json())
  }
  textarea.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 400) })
}
