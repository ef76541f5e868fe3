// The page: loads linclass (the ESM build from dist/), then starts the four sections.
import * as lib from '../dist/linclass.mjs';
import { startToy } from './toy.js';
import { startTrainer } from './trainer.js';
import { startSee } from './see.js';
import { startRace } from './race.js';

const status = document.getElementById('status');
try {
  await lib.init();
  startToy(lib);
  startTrainer(startSee(lib));
  startRace();
  status.textContent = 'WebAssembly SIMD kernels loaded';
  document.body.dataset.ready = 'true';
} catch (e) {
  status.textContent = String((e && e.message) || e);
  status.classList.add('error');
}
