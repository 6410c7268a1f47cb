// Live checks for the reply composer (progressive enhancement: without this file the checks
// run when the reply is submitted). Asks the server's checks engine as the author types.
const form = document.querySelector('[data-reply-checks]')

if (form) {
  const textarea = form.querySelector('textarea[name="text"]')
  const region = form.querySelector('[data-reply-findings]')
  const list = region.querySelector('ul')
  const token = form.querySelector('input[name="csrfmiddlewaretoken"]').value
  // The page's words and colours for each severity, so both ways of showing findings agree.
  const tags = JSON.parse(document.getElementById('severity-tags').textContent)
  let timer = null
  let latest = 0

  const show = (findings) => {
    list.replaceChildren(...findings.map((finding) => {
      const item = document.createElement('li')
      const tag = document.createElement('strong')
      tag.className = 'govuk-tag govuk-tag--' + tags[finding.severity].colour
      tag.textContent = tags[finding.severity].words
      item.append(tag, ' ', finding.message)
      return item
    }))
    region.hidden = findings.length === 0
  }

  const check = async () => {
    const request = ++latest
    try {
      const response = await fetch(form.dataset.replyChecks, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRFToken': token },
        body: JSON.stringify({ text: textarea.value })
      })
      if (!response.ok || request !== latest) return
      show((await response.json()).findings)
    } catch {
      // The checks run again on submit; a failed live check changes nothing.
    }
  }

  textarea.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(check, 600)
  })
}
