// model-run.js defines globalThis.linclassModelRun; it exports nothing.
export {};
