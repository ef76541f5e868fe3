import { objective_f64_scalar } from "../../assembly/index";
import { LOSS_SVM, LOSS_SOFTMAX, LOSS_STRUCTURED, PENALTY_NONE, PENALTY_L2, PENALTY_ELASTICNET } from "../../assembly/enums";
import { fixture, getF, getD, setD } from "./helpers";

// objective_f64_scalar (the f64 objective of numerical gradient checks) has no
// SIMD twin; here only its enums: every known loss and penalty runs, an unknown
// one traps (unreachable) rather than running as the SVM or as no penalty.

/** The fixture's W and b as f64, as the host passes them. */
function widen(): void {
  const f = fixture(), bt = f.bt;
  for (let k = 0; k < f.C * f.Dp; k++) setD(f.W64, k, <f64>getF(bt.W, k));
  for (let c = 0; c < f.C; c++) setD(f.b64, c, <f64>getF(bt.b, c));
}

describe("objective_f64_scalar enums", () => {
  it("runs every known loss and penalty: finite data loss ≥ 0, λR ≥ 0, 0 without a penalty", () => {
    widen();
    const f = fixture(), bt = f.bt;
    for (let loss = LOSS_SVM; loss <= LOSS_STRUCTURED; loss++) {
      for (let penalty = PENALTY_NONE; penalty <= PENALTY_ELASTICNET; penalty++) {
        const what = "objective_f64_scalar loss=" + loss.toString() + " penalty=" + penalty.toString();
        setD(f.reg, 0, -1);
        const data = objective_f64_scalar(f.n, f.Dp, f.C, bt.X, bt.idx, bt.y, f.W64, f.b64, f.reg, f.S64, loss, penalty, 1, 0.01, 0.5);
        const reg = getD(f.reg, 0);
        expect<bool>(isFinite(data) && data >= 0).toBe(true, what + ": data loss " + data.toString());
        if (penalty == PENALTY_NONE) expect<f64>(reg).toBe(0, what + ": λR without a penalty");
        else expect<bool>(reg > 0).toBe(true, what + ": λR " + reg.toString());
      }
    }
  });

  throws("objective_f64_scalar traps on loss 4", () => {
    const f = fixture(), bt = f.bt;
    objective_f64_scalar(f.n, f.Dp, f.C, bt.X, bt.idx, bt.y, f.W64, f.b64, f.reg, f.S64, 4, PENALTY_L2, 1, 0.01, 0.5);
  });

  throws("objective_f64_scalar traps on penalty 4", () => {
    const f = fixture(), bt = f.bt;
    objective_f64_scalar(f.n, f.Dp, f.C, bt.X, bt.idx, bt.y, f.W64, f.b64, f.reg, f.S64, LOSS_SOFTMAX, 4, 1, 0.01, 0.5);
  });

  throws("objective_f64_scalar traps on penalty -1", () => {
    const f = fixture(), bt = f.bt;
    objective_f64_scalar(f.n, f.Dp, f.C, bt.X, bt.idx, bt.y, f.W64, f.b64, f.reg, f.S64, LOSS_SVM, -1, 1, 0.01, 0.5);
  });
});
