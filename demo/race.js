// The optimizer race: six classifiers, one per update rule, trained side by
// side in a Web Worker on the same batches. Each rule's learning rate starts at
// the best of a small sweep the worker runs on the page (per loss and batch
// size), and can be edited; the chart plots each one's loss per epoch, every
// rule in its own colour and dash so that curves on top of each other still show.
import { lineChart, lineKey, onResize, fmt } from './draw.js';
import { lossMenu } from './losses.js';

const $ = (id) => document.getElementById(id);
const RULES = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'];
/**
 * One solid line, every other rule a dash pattern of its own; and a marker
 * shape for each, every sixth epoch from its own offset, drawn over all the
 * lines: where tuned rules reach the same loss, their lines coincide, and the
 * markers still show each one.
 */
const STYLE = {
  sgd: { color: '#6b7280', dash: [], width: 3.5, shape: 'circle' },
  momentum: { color: '#ea580c', dash: [12, 6], shape: 'square' },
  nesterov: { color: '#db2777', dash: [3, 5], shape: 'triangle' },
  adagrad: { color: '#16a34a', dash: [16, 4, 3, 4], shape: 'diamond' },
  rmsprop: { color: '#9333ea', dash: [7, 4], shape: 'down' },
  adam: { color: '#2563eb', dash: [24, 5, 3, 5], shape: 'cross' },
};
const EPOCHS = 20;

export function startRace() {
  lossMenu($('race-loss'), 'softmax');
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  const box = $('race');
  let curves = {}, sweep = {}, rows = {}, busy = null;

  const series = (data, extra = () => ({})) => RULES.filter((r) => data[r]).map((rule) => ({ ...STYLE[rule], width: STYLE[rule].width ?? 2.5, ...data[rule], ...extra(rule) }));
  const log = () => $('race-axis').value === 'log';

  function drawRace() {
    lineChart($('race-canvas'), series(curves, (rule) => ({ marker: { shape: STYLE[rule].shape, every: RULES.length, offset: RULES.indexOf(rule) + 1 } })), {
      xMax: EPOCHS, yMin: log() ? undefined : 0, yLog: log(), xTitle: 'epoch', yTitle: 'training loss',
      empty: busy === 'sweep' ? 'Sweeping the learning rates…' : 'Start the race: six curves appear here',
    });
  }
  function drawSweep() {
    lineChart($('race-sweep-canvas'), series(sweep, (rule) => ({ mark: sweep[rule].best, dots: true, width: 2 })), {
      xLog: true, yLog: true, xTitle: 'learning rate', yTitle: `loss after ${$('race-sweep-epochs').textContent} epochs`, empty: 'Sweeping…',
    });
  }

  // the legend and the table's rows: a line sample, the rate to edit and what the sweep found
  $('race-legend').replaceChildren(...RULES.map((rule) => {
    const li = document.createElement('li'), key = document.createElement('canvas');
    key.width = 36; key.height = 12;
    li.append(key, rule);
    li.dataset.rule = rule;
    return li;
  }));
  $('race-table').tBodies[0].replaceChildren(...RULES.map((rule) => {
    const tr = document.createElement('tr'), name = document.createElement('td'), key = document.createElement('canvas');
    key.width = 24; key.height = 8;
    name.append(key, rule);
    const rate = document.createElement('td'), input = document.createElement('input'), swept = document.createElement('span');
    input.type = 'number';
    input.min = '0';
    input.step = 'any';
    input.id = `race-lr-${rule}`;
    input.setAttribute('aria-label', `${rule} learning rate`);
    swept.className = 'swept';
    // an edited rate says what the sweep had found
    input.addEventListener('input', () => {
      swept.textContent = swept.dataset.best && Number(input.value) !== Number(swept.dataset.best) ? `sweep: ${swept.dataset.best}` : '';
    });
    rate.append(input, swept);
    const cells = [0, 1, 2].map(() => document.createElement('td'));
    tr.append(name, rate, ...cells);
    rows[rule] = { tr, input, swept, epoch: cells[0], loss: cells[1], acc: cells[2] };
    return tr;
  }));
  const drawKeys = () => {
    // the patterns at half length, so that a short sample shows a whole one
    const key = (rule, width) => ({ ...STYLE[rule], dash: STYLE[rule].dash.map((v) => v / 2), width });
    for (const c of document.querySelectorAll('#race-legend canvas')) lineKey(c, key(c.parentElement.dataset.rule, 2.5));
    RULES.forEach((rule) => lineKey(rows[rule].tr.querySelector('canvas'), key(rule, 3)));
  };

  function setBusy(what) {
    busy = what;
    $('race-start').disabled = what !== null;
    $('race-sweep').disabled = what !== null;
    $('race-state').textContent = what === 'sweep' ? 'Sweeping the learning rates…' : what === 'race' ? 'Racing…'
      : 'Each rate starts at its sweep\'s best: edit any, then start the race.';
  }

  function startSweep() {
    sweep = {};
    curves = {};
    for (const r of Object.values(rows)) { r.swept.textContent = ''; r.epoch.textContent = r.loss.textContent = r.acc.textContent = ''; r.tr.className = ''; }
    box.dataset.swept = 'false';
    delete box.dataset.losses;
    setBusy('sweep');
    drawRace();
    drawSweep();
    worker.postMessage({ type: 'sweep', options: { rules: RULES, loss: $('race-loss').value, batchSize: Number($('race-batch').value) } });
  }

  worker.onmessage = ({ data: m }) => {
    if (m.type === 'sweep') {
      const best = m.rates.indexOf(m.best);
      sweep[m.rule] = { xs: m.rates, ys: m.losses, best };
      $('race-sweep-epochs').textContent = String(m.epochs);
      rows[m.rule].input.value = String(m.best);
      rows[m.rule].input.classList.remove('bad');
      rows[m.rule].swept.textContent = '';
      rows[m.rule].swept.dataset.best = String(m.best);
      rows[m.rule].input.title = `the sweep's training loss after ${m.epochs} epochs at each rate:\n${m.rates.map((r, i) => `${r}: ${fmt(m.losses[i], 4)}`).join('\n')}`;
      drawSweep();
    } else if (m.type === 'sweep-done') {
      box.dataset.swept = JSON.stringify(m.best);
      box.dataset.sweep = JSON.stringify(Object.fromEntries(Object.entries(sweep).map(([k, v]) => [k, v.ys.map((y) => (Number.isFinite(y) ? y : null))])));
      setBusy(null);
      drawRace();
    } else if (m.type === 'race') {
      for (const r of m.rows) {
        const c = (curves[r.rule] ??= { xs: [0], ys: [r.start] });
        c.xs.push(r.epoch);
        c.ys.push(r.loss);
      }
      drawRace();
      const finite = m.rows.filter((r) => Number.isFinite(r.loss));
      const best = finite.reduce((a, r) => (!a || r.loss < a.loss ? r : a), null);
      for (const r of m.rows) {
        const row = rows[r.rule];
        row.tr.className = r === best ? 'best' : '';
        row.epoch.textContent = String(r.epoch);
        row.loss.textContent = r.diverged ? 'diverged' : fmt(r.loss, 4);
        row.acc.textContent = fmt(r.valAccuracy, 3);
      }
      box.dataset.epoch = String(m.rows[0].epoch);
      box.dataset.rates = JSON.stringify(Object.fromEntries(m.rows.map((r) => [r.rule, r.learningRate])));
      box.dataset.losses = JSON.stringify(Object.fromEntries(Object.entries(curves).map(([k, v]) => [k, [v.ys[0], v.ys.at(-1)]])));
    } else if (m.type === 'race-done' || m.type === 'error') {
      setBusy(null);
      if (m.type === 'error') { $('race-err').textContent = m.message; $('race-err').hidden = false; }
      box.dataset.done = 'true';
    }
  };

  $('race-start').addEventListener('click', () => {
    const rates = {}, bad = [];
    for (const rule of RULES) {
      const v = Number(rows[rule].input.value);
      const ok = rows[rule].input.value.trim() !== '' && Number.isFinite(v) && v > 0 && v <= 10;
      rows[rule].input.classList.toggle('bad', !ok);
      if (ok) rates[rule] = v; else bad.push(rule);
    }
    $('race-err').hidden = !bad.length;
    if (bad.length) {
      $('race-err').textContent = `A learning rate is a number above 0 (up to 10): fix ${bad.join(', ')}.`;
      return;
    }
    curves = {};
    box.dataset.done = 'false';
    setBusy('race');
    drawRace();
    worker.postMessage({ type: 'race', options: { rules: RULES, loss: $('race-loss').value, batchSize: Number($('race-batch').value), epochs: EPOCHS, rates } });
  });
  $('race-sweep').addEventListener('click', startSweep);
  // the best rate depends on the loss and the batch size: a change sweeps again
  $('race-loss').addEventListener('change', startSweep);
  $('race-batch').addEventListener('change', startSweep);
  $('race-axis').addEventListener('change', drawRace);
  onResize($('race-canvas'), drawRace);
  onResize($('race-sweep-canvas'), drawSweep);
  drawKeys();
  startSweep();
}
