// The digits trainer: a Web Worker trains; this thread only draws what it posts.
import { lineChart, heatmap, templates, fmt } from './draw.js';

const $ = (id) => document.getElementById(id);

export function startTrainer() {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  let run = null;
  const value = (id) => $(id).value;

  function draw() {
    const xs = run.steps.map((_, i) => i + 1);
    const per = run.epochX.length ? run.epochX[0] : 1;
    lineChart($('dg-loss-canvas'), [
      { xs, ys: run.steps, color: '#93b4f5', width: 1 },
      { xs: run.epochX, ys: run.epochLoss, color: '#2563eb', width: 2.5 },
    ], { xMax: Math.max(xs.length, per * run.epochs), yMin: 0 });
  }

  worker.onmessage = ({ data: m }) => {
    if (m.type === 'start') {
      run = { steps: [], epochX: [], epochLoss: [], epochs: m.epochs, labels: m.labels };
      $('dg-unit').textContent = m.unit;
      $('dg-stopped').textContent = '–';
      $('digits').querySelector('h2 small').textContent = m.labels
        ? 'Fashion-MNIST 28×28, 12000 to train, 2000 to validate — training runs in a Web Worker'
        : '8×8 handwritten digits, 1500 to train, 297 to validate — training runs in a Web Worker';
      $('dg-gradcheck').textContent = '–';
    } else if (m.type === 'epoch') {
      for (const v of m.losses) run.steps.push(v);
      run.epochX.push(run.steps.length);
      run.epochLoss.push(m.record.loss);
      draw();
      heatmap($('dg-land-canvas'), m.landscape, m.steps);
      templates($('dg-templates'), m.templates, run.labels);
      $('dg-epoch').textContent = run.epochs ? `${m.record.epoch} / ${run.epochs}` : String(m.record.epoch);
      $('dg-loss-now').textContent = fmt(m.record.trainLoss, 4);
      $('dg-train-acc').textContent = fmt(m.record.trainAccuracy, 3);
      $('dg-val-acc').textContent = fmt(m.record.valAccuracy, 3);
      const box = $('digits');
      box.dataset.epochs = String(m.record.epoch);
      box.dataset.firstLoss ??= String(run.epochLoss[0]);
      box.dataset.lastLoss = String(m.record.trainLoss);
      box.dataset.valAccuracy = String(m.record.valAccuracy);
    } else if (m.type === 'done' || m.type === 'error') {
      $('dg-train').disabled = false;
      $('dg-stop').disabled = true;
      if (m.type === 'done') {
        $('dg-stopped').textContent = m.stopped;
        $('digits').dataset.stopReason = m.stopReason;
        $('dg-gradcheck').textContent = `${m.gradCheck.verdict} (${fmt(m.gradCheck.maxRelError, 2)})`;
        $('digits').dataset.done = 'true';
      } else {
        $('status').textContent = m.message;
        $('status').classList.add('error');
      }
    }
  };

  $('dg-train').addEventListener('click', async () => {
    const files = $('dg-files').files;
    const buffers = files.length === 4 ? await Promise.all([...files].map((f) => f.arrayBuffer())) : null;
    $('digits').dataset.done = 'false';
    delete $('digits').dataset.firstLoss;
    $('dg-train').disabled = true;
    $('dg-stop').disabled = false;
    const batch = value('dg-batch');
    worker.postMessage({
      type: 'train',
      options: {
        loss: value('dg-loss'), solver: value('dg-solver'), optimizer: value('dg-opt'), learningRate: Number(value('dg-lr')), reg: Number(value('dg-reg')),
        batchSize: batch === 'full' ? 'full' : Number(batch), epochs: Number(value('dg-epochs')), files: buffers,
      },
    }, buffers ?? []);
  });
  $('dg-stop').addEventListener('click', () => worker.postMessage({ type: 'stop' }));
  // the update rule, rate, batch and epochs are the mini-batch solver's: L-BFGS and 'auto' choose their own
  const solverChanged = () => {
    for (const id of ['dg-opt', 'dg-lr', 'dg-batch', 'dg-epochs']) $(id).disabled = value('dg-solver') !== 'minibatch';
  };
  $('dg-solver').addEventListener('change', solverChanged);
  solverChanged();
}
