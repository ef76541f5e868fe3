// The digits trainer: a Web Worker trains; this thread only draws what it posts
// and hands the predictions to the "See it work" section. An error shows beside
// the control that caused it, and the old results go.
import { lineChart, heatmap, templates, placeholder, onResize, fmt } from './draw.js';
import { lossMenu, lossInfo } from './losses.js';

const $ = (id) => document.getElementById(id);
/** Where each kind of error shows: beside the file input, the learning rate, or the Train button. */
const ERRORS = { files: 'dg-files-err', lr: 'dg-lr-err', train: 'dg-train-err' };
/** The loss axis turns logarithmic (on 'auto') when a loss spikes past this many times the first step's (a healthy run starts at its highest). */
const SPIKE = 5;
const ABOUT = {
  digits: '8×8 handwritten digits, 1500 to train, 297 to validate — training runs in a Web Worker',
  fashion: 'Fashion-MNIST 28×28, 12000 to train, 2000 to validate — training runs in a Web Worker',
};

export function startTrainer(see) {
  lossMenu($('dg-loss'), 'softmax');
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  const box = $('digits');
  let run = null;
  const value = (id) => $(id).value;

  /** The loss chart: steps pale, epochs bold; a log axis when asked, or on 'auto' when the loss spikes. */
  function drawLoss() {
    const canvas = $('dg-loss-canvas');
    if (!run || !run.steps.length) {
      lineChart(canvas, [], { xTitle: 'step', yTitle: 'training loss', empty: run ? 'Training…' : 'Press Train: the loss appears here as it falls' });
      $('dg-axis-note').textContent = '';
      return;
    }
    const xs = run.steps.map((_, i) => i + 1);
    const per = run.epochX.length ? run.epochX[0] : 1;
    const top = run.steps.reduce((a, v) => (v > a ? v : a), 0), first = run.steps[0];
    const mode = value('dg-yaxis'), spiked = top > SPIKE * first;
    const log = mode === 'log' || (mode === 'auto' && spiked);
    $('dg-axis-note').textContent = mode === 'auto' && spiked ? `— log scale: the loss spiked to ${fmt(top)}, ${fmt(top / first, 2)}× where it started` : '';
    box.dataset.axis = log ? 'log' : 'linear';
    lineChart(canvas, [
      { xs, ys: run.steps, color: '#93b4f5', width: 1 },
      { xs: run.epochX, ys: run.epochLoss, color: '#2563eb', width: 2.5, dots: run.epochX.length < 60 },
    ], { xMax: Math.max(xs.length, per * run.epochs), yMin: log ? undefined : 0, yLog: log, xTitle: run.unit === 'iteration' ? 'L-BFGS iteration' : 'step (one mini-batch each)', yTitle: 'training loss' });
  }

  function drawRest() {
    if (run?.landscape) heatmap($('dg-land-canvas'), run.landscape, run.landSteps);
    else placeholder($('dg-land-canvas'), run ? 'Training…' : 'The loss around W appears here');
    if (run?.templates) templates($('dg-templates'), run.templates, run.labels);
    else placeholder($('dg-templates'), run ? 'Training…' : 'The learned templates appear here, one per class', () => 120);
  }

  const stat = (id, text) => { $(id).textContent = text; };

  /** Back to an empty board: charts to their placeholders, the numbers to –, the predictions gone. */
  function clearResults() {
    run = null;
    for (const k of ['epochs', 'firstLoss', 'lastLoss', 'valAccuracy', 'stopReason', 'axis']) delete box.dataset[k];
    for (const id of ['dg-epoch', 'dg-loss-now', 'dg-train-acc', 'dg-val-acc', 'dg-stopped', 'dg-gradcheck']) stat(id, '–');
    $('dg-gradcheck-note').hidden = true;
    drawLoss();
    drawRest();
    see.clear();
  }

  function clearErrors() {
    for (const id of Object.values(ERRORS)) $(id).hidden = true;
    delete box.dataset.error;
  }

  function showError(field, message) {
    clearResults();
    clearErrors();
    const el = $(ERRORS[field] ?? ERRORS.train);
    el.textContent = message;
    el.hidden = false;
    if (field === 'files') {
      $('dg-fashion').open = true;
      $('dg-files-note').textContent = '';
    }
    box.dataset.error = field;
    box.dataset.done = 'true';
  }

  /** The gradient check's reading, and why: kinks or none, how many entries were left out near one. */
  function gradNote(g, loss) {
    const t = g.thresholds, name = lossInfo(loss)?.name ?? loss;
    const note = g.kinks
      ? `The ${name} loss has kinks: the hinge max(0, ·) bends where a margin is met exactly, and a finite difference whose two points straddle a bend disagrees with the gradient there. `
        + `${g.nearKink} of ${g.checked} checked entries lay within the step of a kink and were not judged; with kinks the notes read below ${fmt(t.ok)} as ok and up to ${fmt(t.uncomfortable)} as uncomfortable rather than wrong — a wrong gradient reads near 1.`
      : `The ${name} loss with the L2 penalty is smooth: the notes call below ${fmt(t.great)} great and expect below ${fmt(t.ok)}; above ${fmt(t.uncomfortable)} the gradient is wrong.`;
    $('dg-gradcheck-note').textContent = `Gradient check: largest relative error ${fmt(g.maxRelError, 2)} — ${g.verdict}. ${note}`;
    $('dg-gradcheck-note').hidden = false;
  }

  worker.onmessage = ({ data: m }) => {
    if (m.type === 'start') {
      run = { ...run, steps: [], epochX: [], epochLoss: [], epochs: m.epochs, labels: m.labels, unit: m.unit, data: m.data };
      stat('dg-unit', m.unit);
      $('dg-about').textContent = ABOUT[m.data];
      see.start({ data: m.data, labels: m.labels, shape: m.shape, loss: run.loss, probabilities: run.probabilities });
      drawLoss();
      drawRest();
    } else if (m.type === 'epoch') {
      for (const v of m.losses) run.steps.push(v);
      run.epochX.push(run.steps.length);
      run.epochLoss.push(m.record.loss);
      drawLoss();
      if (m.pictures) {
        Object.assign(run, { landscape: m.pictures.landscape, landSteps: m.pictures.steps, templates: m.pictures.templates });
        drawRest();
      }
      stat('dg-epoch', run.epochs ? `${m.record.epoch} / ${run.epochs}` : String(m.record.epoch));
      stat('dg-loss-now', fmt(m.record.trainLoss, 4));
      stat('dg-train-acc', fmt(m.record.trainAccuracy, 3));
      stat('dg-val-acc', fmt(m.record.valAccuracy, 3));
      see.epoch({ matrix: m.matrix, coef: m.coef, intercept: m.intercept });
      box.dataset.epochs = String(m.record.epoch);
      box.dataset.firstLoss ??= String(run.epochLoss[0]);
      box.dataset.lastLoss = String(m.record.trainLoss);
      box.dataset.valAccuracy = String(m.record.valAccuracy);
    } else if (m.type === 'done' || m.type === 'error') {
      $('dg-train').disabled = false;
      $('dg-stop').disabled = true;
      if (m.type === 'done') {
        Object.assign(run, { landscape: m.pictures.landscape, landSteps: m.pictures.steps, templates: m.pictures.templates });
        drawRest();
        stat('dg-stopped', m.stopped);
        box.dataset.stopReason = m.stopReason;
        stat('dg-gradcheck', `${m.gradCheck.verdict} (${fmt(m.gradCheck.maxRelError, 2)})`);
        gradNote(m.gradCheck, run.loss);
        see.done({ matrix: m.matrix, gallery: m.gallery });
        box.dataset.done = 'true';
      } else {
        showError(m.field, m.field === 'lr' ? `${m.message} Lower the learning rate (or the batch's noise: a larger batch).` : m.message);
      }
    }
  };

  /** The chosen files: none (train on the digits), four (Fashion-MNIST), or anything else: an error, and no training. */
  function filesProblem() {
    const n = $('dg-files').files.length;
    $('dg-files-note').textContent = n === 4 ? 'Four files chosen: Train uses them instead of the digits.' : '';
    return n === 0 || n === 4 ? null : `Give exactly four files (training and test images and labels); you chose ${n}. Nothing was trained.`;
  }

  $('dg-files').addEventListener('change', () => {
    clearErrors();
    const problem = filesProblem();
    if (problem) showError('files', problem);
  });
  $('dg-digits').addEventListener('click', () => {
    $('dg-files').value = '';
    filesProblem();
    clearErrors();
  });

  $('dg-train').addEventListener('click', async () => {
    clearErrors();
    box.dataset.done = 'false';
    const problem = filesProblem();
    if (problem) { showError('files', problem); return; }
    const chosen = [...$('dg-files').files];
    const files = chosen.length ? await Promise.all(chosen.map(async (f) => ({ name: f.name, buffer: await f.arrayBuffer() }))) : null;
    clearResults();
    const loss = value('dg-loss'), probabilities = lossInfo(loss).probabilities;
    run = { loss, probabilities, steps: [], epochX: [], epochLoss: [], epochs: 0 };
    drawLoss();
    drawRest();
    $('dg-train').disabled = true;
    $('dg-stop').disabled = false;
    const batch = value('dg-batch');
    worker.postMessage({
      type: 'train',
      options: {
        loss, probabilities, solver: value('dg-solver'), optimizer: value('dg-opt'), learningRate: Number(value('dg-lr')), reg: Number(value('dg-reg')),
        batchSize: batch === 'full' ? 'full' : Number(batch), epochs: Number(value('dg-epochs')), files,
      },
    }, files ? files.map((f) => f.buffer) : []);
  });
  $('dg-stop').addEventListener('click', () => worker.postMessage({ type: 'stop' }));
  $('dg-yaxis').addEventListener('change', drawLoss);
  // the update rule, rate, batch and epochs are the mini-batch solver's: L-BFGS and 'auto' choose their own
  const solverChanged = () => {
    for (const id of ['dg-opt', 'dg-lr', 'dg-batch', 'dg-epochs']) $(id).disabled = value('dg-solver') !== 'minibatch';
  };
  $('dg-solver').addEventListener('change', solverChanged);
  solverChanged();
  onResize($('dg-loss-canvas'), drawLoss);
  onResize($('dg-templates'), drawRest);
  drawLoss();
  drawRest();
}
