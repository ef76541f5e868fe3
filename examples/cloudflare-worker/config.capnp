# The same worker for workerd itself (npx workerd serve config.capnp, after
# npm install): each module named as the worker imports it.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "src/worker.js"),
    (name = "linclass", esModule = embed "node_modules/linclass/dist/linclass.edge.mjs"),
    (name = "linclass/linclass.wasm", wasm = embed "node_modules/linclass/dist/linclass.wasm"),
    (name = "digits.lcm", data = embed "src/digits.lcm"),
  ],
  compatibilityDate = "2025-01-01",
);
