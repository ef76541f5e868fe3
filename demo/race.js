// The optimizer race: six classifiers, one per update rule, trained side by side
// in a Web Worker on the same batches; the page plots each one's loss per epoch.
import { lineChart, fmt } from './draw.js';

const $ = (id) => document.getElementById(id);
const COLORS = { sgd: '#6b7280', momentum: '#ea580c', nesterov: '#db2777', adagrad: '#16a34a', rmsprop: '#9333ea', adam: '#2563eb' };
const EPOCHS = 30;

export function startRace() {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  let curves = {};

  worker.onmessage = ({ data: m }) => {
    if (m.type === 'race') {
      for (const r of m.rows) (curves[r.rule] ??= [r.start]).push(r.loss);
      lineChart($('race-canvas'), Object.entries(curves).map(([rule, ys]) => ({
        xs: ys.map((_, i) => i), ys, color: COLORS[rule], width: 2.5,
      })), { xMax: EPOCHS, yMin: 0 });
      const best = m.rows.reduce((a, r) => (r.loss < a.loss ? r : a));
      $('race-table').tBodies[0].replaceChildren(...m.rows.map((r) => {
        const tr = document.createElement('tr');
        tr.className = r === best ? 'best' : '';
        tr.innerHTML = `<td><span class="swatch"></span>${r.rule}</td><td>${r.learningRate}</td><td>${r.epoch}</td><td>${fmt(r.loss, 4)}</td><td>${fmt(r.valAccuracy, 3)}</td>`;
        tr.querySelector('.swatch').style.background = COLORS[r.rule];
        return tr;
      }));
      $('race').dataset.epoch = String(m.rows[0].epoch);
      $('race').dataset.losses = JSON.stringify(Object.fromEntries(Object.entries(curves).map(([k, v]) => [k, [v[0], v.at(-1)]])));
    } else if (m.type === 'race-done' || m.type === 'error') {
      $('race-start').disabled = false;
      $('race').dataset.done = 'true';
    }
  };

  $('race-start').addEventListener('click', () => {
    curves = {};
    $('race').dataset.done = 'false';
    $('race-start').disabled = true;
    worker.postMessage({ type: 'race', options: { loss: $('race-loss').value, batchSize: Number($('race-batch').value), epochs: EPOCHS } });
  });
}
