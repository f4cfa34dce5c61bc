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
  problems.push(...await checkExplorables(browser, page, file));
  await page.close();
  return problems;
}

// Explorable figures (org.initlab.notebook.Explorable: frames swapped by range sliders). With scripts, every slider is
// moved with the keyboard through every position, as a reader would: each move must change the shown picture and the
// knob's label, each frame's pictures must load, one frame shows at a time. Without scripts (a viewer that strips them),
// the start frame must show as a loaded picture with the note of the other values, and no slider. A screenshot of each
// figure after the sweep goes to SITE/screens/NAME-explore-K.png.
async function checkExplorables(browser, page, file) {
  const problems = [];
  const ids = await page.$$eval('.initlab-explore', els => els.map(e => e.id));
  for (const [n, id] of ids.entries()) {
    const where = 'explorable ' + (n + 1) + ' (#' + id + ')';
    const root = page.locator('[id="' + id + '"]');
    const sliders = root.locator('input[type=range]');
    const count = await sliders.count();
    if (!(await root.getAttribute('data-live')) || count === 0) { problems.push(where + ': its script did not run (no slider)'); continue; }
    const frames = Number(await root.getAttribute('data-frames'));
    // What the figure shows now: the frame's index, its pictures (loaded?) by a hash of their data, the labels.
    const state = () => root.evaluate(async r => {
      const shown = [...r.querySelector('.initlab-explore-frame').children].filter(d => !d.hidden);
      const images = shown.flatMap(d => [...d.querySelectorAll('img')]);
      await Promise.all(images.map(i => i.decode().catch(() => null)));
      let h = 0;
      for (const i of images) for (let k = 0; k < i.src.length; k += 7) h = (h * 31 + i.src.charCodeAt(k)) | 0;
      return { frame: r.getAttribute('data-frame'), shown: shown.length, images: images.length, picture: h + ':' + images.map(i => i.src.length),
        loaded: images.every(i => i.complete && i.naturalWidth > 0), labels: [...r.querySelectorAll('label')].map(l => l.textContent),
        note: !r.querySelector('.initlab-explore-note').hidden };
    });
    const first = await state();
    if (first.note) problems.push(where + ': the note for viewers without scripts still shows');
    const max = [];
    for (let k = 0; k < count; k++) max.push(Number(await sliders.nth(k).getAttribute('max')));
    const visited = new Set();
    let before = first;
    const look = async (k, label) => {
      const now = await state();
      visited.add(now.frame);
      if (now.shown !== 1) problems.push(where + ': ' + now.shown + ' frames show at once at frame ' + now.frame);
      if (!now.images || !now.loaded) problems.push(where + ': frame ' + now.frame + ' has a picture that does not load');
      if (k !== null) {
        if (now.picture === before.picture) problems.push(where + ': moving slider ' + (k + 1) + ' to ' + label + ' did not change the picture');
        if (now.labels[k] === before.labels[k]) problems.push(where + ': moving slider ' + (k + 1) + ' did not change its label (' + now.labels[k] + ')');
        else if (!String(now.labels[k]).endsWith(' = ' + label)) problems.push(where + ': slider ' + (k + 1) + ' at ' + label + ' is labelled ' + now.labels[k]);
      }
      before = now;
    };
    // Every position of every slider, the last one fastest: Home, then one arrow key per step, a look after each.
    const sweep = async k => {
      const s = sliders.nth(k);
      await s.focus();
      await s.press('Home');
      if (await s.inputValue() !== '0') problems.push(where + ': Home did not move slider ' + (k + 1) + ' to its start');
      await look(null);
      if (k < count - 1) await sweep(k + 1);
      for (let v = 1; v <= max[k]; v++) {
        await s.focus();
        await s.press('ArrowRight');
        await look(k, await s.getAttribute('aria-valuetext'));
        if (k < count - 1) await sweep(k + 1);
      }
    };
    await sweep(0);
    if (visited.size !== frames) problems.push(where + ': the sliders reached ' + visited.size + ' of its ' + frames + ' frames');
    await root.screenshot({ path: path.join(screens, path.basename(file, '.html') + '-explore-' + (n + 1) + '.png') });
  }
  if (ids.length) {
    // The same page with scripts off: the start frame as a plain picture, and the note of the other values.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const bare = await context.newPage();
    await bare.route('**/*', r => r.request().url().startsWith('file:') ? r.continue() : r.abort());
    await bare.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 60000 });
    const plain = await bare.$$eval('.initlab-explore', els => els.map(r => ({
      id: r.id, sliders: r.querySelectorAll('input').length, note: r.querySelector('.initlab-explore-note')?.offsetParent !== null,
      images: [...r.querySelectorAll('img')].map(i => i.complete && i.naturalWidth > 0 && i.offsetParent !== null),
      html: r.outerHTML })));
    for (const p of plain) {
      const where = 'explorable #' + p.id + ' without scripts';
      if (p.images.length !== 1 || !p.images[0]) problems.push(where + ': ' + p.images.length + ' pictures, not one start frame that loads');
      if (!p.note) problems.push(where + ': no note of the other values');
      if (p.sliders) problems.push(where + ': a slider that cannot move');
    }
    await context.close();
    // JupyterLab's way with a trusted output (@jupyterlab/rendermime): the output's HTML set as the innerHTML of a host
    // not yet in the page, each script replaced by a new element with its text, then the host attached. The figure's
    // script must find its own output and its slider must change the frame.
    const lab = await browser.newPage();
    await lab.route('**/*', r => r.abort());
    for (const p of plain) {
      const said = await lab.evaluate(html => {
        document.body.innerHTML = '';
        const host = document.createElement('div');
        host.innerHTML = html;
        for (const old of [...host.getElementsByTagName('script')]) {
          const copy = document.createElement('script');
          for (const a of old.attributes) copy.setAttribute(a.name, a.value);
          copy.textContent = old.textContent;
          old.parentNode.replaceChild(copy, old);
        }
        document.body.appendChild(host);
        const r = host.querySelector('.initlab-explore'), input = r.querySelector('input[type=range]');
        if (!input) return 'its script did not run (no slider)';
        const before = r.getAttribute('data-frame');
        input.value = Number(input.value) < Number(input.max) ? Number(input.value) + 1 : 0;
        input.dispatchEvent(new Event('input'));
        return r.getAttribute('data-frame') !== before ? null : 'its slider did not change the frame';
      }, p.html);
      if (said) problems.push('explorable #' + p.id + ' as JupyterLab runs an output: ' + said);
    }
    await lab.close();
  }
  return problems;
}

// The explorable check must fail a figure whose script never ran and one whose slider changes nothing.
async function explorableSelfTest(browser) {
  const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'site-check-explore-'));
  const dot = c => '<img src="data:image/png;base64,' + c + '" width="8" height="8" alt="frame">';
  const red = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGM4IScHAAK2AQU0pnWqAAAAAElFTkSuQmCC';
  const root = (id, body) => '<div class="initlab-explore" id="' + id + '" data-frames="2"><div class="initlab-explore-controls"></div>'
    + '<div class="initlab-explore-frame"><div>' + dot(red) + '</div></div><p class="initlab-explore-note">Drawn for x = 1, 2</p>' + body + '</div>';
  fs.writeFileSync(path.join(dir, 'dead.html'), '<html><body>' + root('dead', '') + '</body></html>');
  // A slider whose label and picture never change.
  fs.writeFileSync(path.join(dir, 'stuck.html'), '<html><body>' + root('stuck', '<script>(function () { var r = document.getElementById("stuck");'
    + ' r.setAttribute("data-live", "1"); r.setAttribute("data-frame", "0"); r.querySelector(".initlab-explore-note").hidden = true;'
    + ' var l = document.createElement("label"); l.textContent = "x = 1"; var i = document.createElement("input"); i.type = "range";'
    + ' i.min = 0; i.max = 1; i.step = 1; i.value = 0; r.querySelector(".initlab-explore-controls").append(l, i); })();</script>') + '</body></html>');
  const dead = await checkPage(browser, path.join(dir, 'dead.html'));
  const stuck = await checkPage(browser, path.join(dir, 'stuck.html'));
  const ok = dead.some(p => p.includes('its script did not run')) && stuck.some(p => p.includes('did not change the picture'))
    && stuck.some(p => p.includes('did not change its label')) && stuck.some(p => p.includes('reached 1 of its 2 frames'))
    && dead.some(p => p.includes('as JupyterLab runs an output: its script did not run'))
    && stuck.some(p => p.includes('as JupyterLab runs an output: its slider did not change the frame'));
  console.log(ok ? 'site check self-test: an explorable whose script did not run fails, one whose slider changes nothing fails'
    + ' (in the page and as JupyterLab runs an output)'
    : 'site check self-test FAILED for explorables: ' + JSON.stringify({ dead, stuck }));
  return ok;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  let failed = 0;
  const results = {};
  // Pages are checked two at a time (SITE_CHECK_JOBS), each in a tab of its own; the verdicts are printed in order.
  const checked = new Array(pages.length);
  let next = 0;
  const worker = async () => {
    while (next < pages.length) {
      const i = next++;
      try {
        checked[i] = await checkPage(browser, pages[i]);
      } catch (e) {
        checked[i] = ['could not check: ' + String(e).slice(0, 300)];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Number(process.env.SITE_CHECK_JOBS) || 2) }, worker));
  for (const [i, file] of pages.entries()) {
    const problems = checked[i];
    results[nameOf(file)] = problems;
    if (problems.length) failed++;
    if (selfTest) continue; // its pages are broken on purpose: only the verdict below is printed
    if (problems.length) console.log('FAIL ' + nameOf(file) + '.html\n  ' + problems.join('\n  '));
    else console.log('ok   ' + nameOf(file) + '.html');
  }
  const explorablesOk = selfTest ? await explorableSelfTest(browser) : true;
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
    process.exit(ok && explorablesOk ? 0 : 1);
  }
  console.log('site check: ' + pages.length + ' pages, ' + failed + ' with problems; first screens in ' + path.relative(process.cwd(), screens));
  process.exit(failed ? 1 : 0);
})();
