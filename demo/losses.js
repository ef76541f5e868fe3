// The losses the page offers, in one place: the toy's, the trainer's and the
// race's menus are all built from this list, so a loss the library learns is
// one more line here. `probabilities` says whether the loss's scores read as
// class probabilities (predictProba); the others show their raw scores.
export const LOSSES = [
  { value: 'softmax', name: 'Softmax', title: 'softmax (cross-entropy)', probabilities: true },
  { value: 'svm', name: 'Multiclass SVM', title: 'Weston–Watkins multiclass SVM (hinge on every wrong class)', probabilities: false },
  { value: 'ova', name: 'One-vs-all hinge', title: 'one-vs-all: a binary hinge per class, +1 for the true class and −1 for every other', probabilities: false },
  { value: 'structured', name: 'Structured SVM', title: 'Crammer–Singer structured SVM (hinge on the highest-scoring wrong class only)', probabilities: false },
];

export const lossInfo = (value) => LOSSES.find((l) => l.value === value);

/** Fills a <select> with the losses, `selected` chosen. */
export function lossMenu(select, selected = LOSSES[0].value) {
  select.replaceChildren(...LOSSES.map((l) => {
    const o = new Option(l.name, l.value, false, l.value === selected);
    o.title = l.title;
    return o;
  }));
}
