// The losses the page offers, in one place: the toy's, the trainer's and the
// race's menus are all built from this list, so a loss the library learns is
// one more line here. `probabilities` says whether the loss's scores read as
// class probabilities (predictProba); the others show their raw scores.
export const LOSSES = [
  { value: 'softmax', name: 'Softmax', title: 'softmax (cross-entropy)', probabilities: true },
  { value: 'svm', name: 'Multiclass SVM', title: 'Weston–Watkins multiclass SVM (hinge on every wrong class)', probabilities: false },
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
