// The site as a reader's browser shows it: headless Chromium opens every page of target/site from disk (the guides in
// docs/ and any other folder too), with the network off, waits for MathJax, and reports what a reader would see broken:
// TeX left as source ($...$, \frac), MathJax errors, images that do not load, internal links to missing files or
// anchors (on the page or on the page linked), console errors. A screenshot of each page's first screen goes to
// SITE/screens/PATH.png (screens/docs/library.png for docs/library.html) for people to look at.
//
// Usage: node tools/site_check.js SITE_DIR [page.html ...] (pages relative to SITE_DIR); exit 1 if any page has a problem.
// Needs playwright-core (./initlab installs it in target/browser) and Debian's chromium (CHROMIUM overrides the path).
'use strict';
const fs = require('fs');
const path = require('path');
const { pathToFileURL, fileURLToPath } = require('url');
const { chromium } = require('playwright-core');

// --self-test: the check must fail a page with each kind of defect and pass a clean one (a check that cannot fail is no check).
const selfTest = process.argv[2] === '--self-test';
if (selfTest) {
  const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'site-check-'));
  fs.writeFileSync(path.join(dir, 'bad.html'), '<html><body><h1 id="top">Bad</h1><p>Var is $\\frac{2}{n}$ and fan\\_in.</p>'
    + '<img src="missing.png"><a href="nowhere.html">x</a> <a href="#nothing">y</a><script>console.error("boom")</script></body></html>');
  // A folded worked answer with raw TeX and a form feed where "\\frac" lost its backslash to a JSON escape.
  fs.writeFileSync(path.join(dir, 'folded.html'), '<html><body><h1 id="top">Folded</h1><details><summary>Worked answer</summary>'
    + '<p>Xavier\'s $\\sqrt{1/500}$ and $\u000crac53$.</p></details></body></html>');
  fs.writeFileSync(path.join(dir, 'good.html'), '<html><body><h1 id="top">Good</h1><p>Plain text, <code>$x$ in code</code>.</p>'
    + '<a href="bad.html">b</a> <a href="#top">t</a> <a href="docs/guide.html#a-section">g</a></body></html>');
  // A guide in a folder of its own: its links up and across must resolve, a link to a Markdown file the site lacks and
  // an anchor the page linked lacks must not.
  fs.mkdirSync(path.join(dir, 'docs'));
  fs.writeFileSync(path.join(dir, 'docs', 'guide.html'), '<html><body><h2 id="a-section">A section</h2><a href="../good.html#top">up</a> '
    + '<a href="other.md">a guide not rendered</a> <a href="../good.html#no-such-section">across</a></body></html>');
  process.argv[2] = dir;
}
const site = path.resolve(process.argv[2] || 'target/site');
const only = process.argv.slice(3);
// Every .html under the site, but not in the folders that hold no pages of ours (MathJax's, the screenshots, the browser).
const NOT_PAGES = new Set(['mathjax', 'screens', 'thumbs', 'logs', 'browser', 'node_modules']);
function htmlFiles(dir, rel = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const r = rel ? rel + '/' + e.name : e.name;
    if (e.isDirectory()) { if (!NOT_PAGES.has(e.name)) out.push(...htmlFiles(dir, r)); }
    else if (e.name.endsWith('.html')) out.push(r);
  }
  return out;
}
const pages = (only.length ? only : htmlFiles(site)).map(f => path.join(site, f));
const nameOf = file => path.relative(site, file).split(path.sep).join('/').replace(/\.html$/, '');
const screens = path.join(site, 'screens');
fs.mkdirSync(screens, { recursive: true });

// What a reader should never see in running text: TeX that MathJax did not typeset.
const TEX = /(\$[^$\s][^$]{0,200}?\$)|(\\(frac|mathcal|mathbb|operatorname|sqrt|text|left|right|sum|cdot|sigma|mathrm|tfrac|dfrac)\b)|(\\_)/;

// Whether a page of the site has an element with this id (or name), as written or percent-decoded.
const idsOf = new Map();
function hasAnchor(file, fragment) {
  if (!idsOf.has(file)) {
    const ids = new Set();
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/\b(?:id|name)="([^"]*)"/g)) ids.add(m[1]);
    idsOf.set(file, ids);
  }
  const ids = idsOf.get(file);
  let decoded = fragment;
  try { decoded = decodeURIComponent(fragment); } catch (e) { /* a malformed escape: compare as written */ }
  return ids.has(fragment) || ids.has(decoded);
}

async function checkPage(browser, file) {
  const problems = [];
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('console', m => { if (m.type() === 'error') problems.push('console error: ' + m.text().slice(0, 200)); });
  page.on('pageerror', e => problems.push('script error: ' + String(e).slice(0, 200)));
  page.on('requestfailed', r => { if (r.url().startsWith('file:')) problems.push('missing file: ' + r.url().slice(0, 200)); });
  await page.route('**/*', r => r.request().url().startsWith('file:') ? r.continue() : r.abort());
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 60000 });
  // Open every folded block (hints, worked answers) as a reader would, then typeset again: what is folded is read too.
  const folded = await page.evaluate(() => {
    const blocks = document.querySelectorAll('details:not([open])');
    blocks.forEach(d => { d.open = true; d.setAttribute('data-site-check-folded', ''); });
    return blocks.length;
  });
  const mathjax = await page.evaluate(() => new Promise(resolve => {
    if (!window.MathJax || !window.MathJax.Hub) return resolve('no MathJax on the page');
    window.MathJax.Hub.Queue(['Typeset', window.MathJax.Hub], () => resolve('typeset'));
  }));
  const found = await page.evaluate((texSource) => {
    const tex = new RegExp(texSource);
    const out = { tex: [], control: [], mathErrors: 0, images: [], links: [], anchors: [] };
    const where = el => el.closest('[data-site-check-folded]') ? ' (in a folded block)' : '';
    const skip = el => el.closest('script, style, pre, code, .MathJax, .MathJax_Display, .MathJax_Preview, .MathJax_SVG, mjx-container, textarea');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.parentElement) continue;
      // A control character (other than tab and newline) in running text: what a JSON escape leaves of a backslash.
      // (Code and outputs are left out: ./initlab test checks every notebook source for them.)
      const c = skip(n.parentElement) ? null : n.textContent.match(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      if (c) out.control.push('U+' + c[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0') + where(n.parentElement) + ': "'
        + JSON.stringify(n.textContent.slice(Math.max(0, c.index - 30), c.index + 30)) + '"');
      if (skip(n.parentElement)) continue;
      const m = n.textContent.match(tex);
      if (m) out.tex.push(n.textContent.trim().slice(Math.max(0, m.index - 30), m.index + 50) + '"' + where(n.parentElement));
    }
    out.mathErrors = document.querySelectorAll('.MathJax_Error, merror, [data-mjx-error]').length
      + (document.body.innerText.includes('Math Processing Error') ? 1 : 0);
    for (const img of document.images) if (!img.complete || img.naturalWidth === 0) out.images.push((img.getAttribute('src') || '').slice(0, 80));
    for (const a of document.querySelectorAll('a[href]')) {
      const href = a.getAttribute('href');
      if (/^(https?:|mailto:|javascript:|data:)/.test(href)) continue;
      if (href.startsWith('#')) {
        // A browser matches the fragment as written and percent-decoded (nbconvert's heading ids keep the %-escapes).
        const raw = href.slice(1), id = decodeURIComponent(raw);
        if (raw && !document.getElementById(raw) && !document.getElementById(id) && !document.getElementsByName(id).length) out.anchors.push(href);
      } else out.links.push(a.href);
    }
    return out;
  }, TEX.source);
  const wantsMathJax = await page.evaluate(() => !!document.querySelector('script[src*="MathJax"]'));
  if (wantsMathJax && mathjax !== 'typeset') problems.push('MathJax did not run: ' + mathjax);
  for (const t of found.tex.slice(0, 5)) problems.push('TeX not typeset: "' + t);
  for (const c of found.control.slice(0, 5)) problems.push('control character ' + c);
  if (found.tex.length > 5) problems.push('... and ' + (found.tex.length - 5) + ' more TeX fragments');
  if (found.mathErrors) problems.push(found.mathErrors + ' MathJax error(s)');
  for (const i of found.images) problems.push('image does not load: ' + i);
  for (const a of found.anchors) problems.push('link to a missing anchor: ' + a);
  for (const l of found.links) {
    if (!l.startsWith('file:')) continue;
    const [where, fragment] = l.split('#');
    const target = fileURLToPath(where);
    if (!fs.existsSync(target)) problems.push('link to a missing file: ' + path.relative(site, target));
    else if (fragment && target.endsWith('.html') && target !== file && !hasAnchor(target, fragment))
      problems.push('link to a missing anchor: ' + path.relative(site, target) + '#' + fragment);
  }
  const shot = path.join(screens, nameOf(file) + '.png');
  fs.mkdirSync(path.dirname(shot), { recursive: true });
  await page.screenshot({ path: shot });
  await page.close();
  return problems;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  let failed = 0;
  const results = {};
  for (const file of pages) {
    let problems;
    try {
      problems = await checkPage(browser, file);
    } catch (e) {
      problems = ['could not check: ' + String(e).slice(0, 300)];
    }
    results[nameOf(file)] = problems;
    if (problems.length) failed++;
    if (selfTest) continue; // its pages are broken on purpose: only the verdict below is printed
    if (problems.length) console.log('FAIL ' + nameOf(file) + '.html\n  ' + problems.join('\n  '));
    else console.log('ok   ' + nameOf(file) + '.html');
  }
  await browser.close();
  if (selfTest) {
    // bad.html must fail on TeX, the image, the missing file, the missing anchor and the console error; folded.html on
    // the raw TeX and the form feed inside its folded block; good.html must pass.
    const guide = results['docs/guide'] || [];
    const ok = failed === 3 && results.bad && ['TeX not typeset', 'image does not load', 'link to a missing file', 'missing anchor', 'console error']
      .every(k => results.bad.some(p => p.includes(k)))
      && results.folded && ['TeX not typeset', 'control character U+000C (in a folded block)']
      .every(k => results.folded.some(p => p.includes(k) && p.includes('(in a folded block)')))
      && guide.length === 2 && guide.includes('link to a missing file: docs/other.md')
      && guide.includes('link to a missing anchor: good.html#no-such-section');
    console.log(ok ? 'site check self-test: a broken page fails on all five kinds of defect, a folded block on raw TeX and a control character, '
      + 'a guide in a folder on a link to a missing file and one to a missing anchor of another page; a clean one passes'
      : 'site check self-test FAILED: ' + JSON.stringify(results));
    process.exit(ok ? 0 : 1);
  }
  console.log('site check: ' + pages.length + ' pages, ' + failed + ' with problems; first screens in ' + path.relative(process.cwd(), screens));
  process.exit(failed ? 1 : 0);
})();
