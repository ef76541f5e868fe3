// parity.js defines globalThis.linclassParity; it exports nothing.
export {};
