// The command line: commands, options, help, and exit codes (0 done, 1 bad
// usage, 2 bad data). Each command's work lives in its own file.
import { Command, CommanderError, Option } from 'commander';
import { init } from '../index.js';
import { count, fraction, nonNegative, num, numList, positive, seed } from './args.js';
import { classify, EXIT } from './errors.js';
import { current, err, redirect, type Output } from './io.js';
import { train } from './train.js';
import { evaluate, predict } from './evaluate.js';
import { search } from './search.js';
import { gradcheck } from './gradcheck.js';
import { info } from './info.js';
import { exportModel, LOSSES } from './model.js';

export interface Context {
  version: string;
  /** data/digits.csv of the installed package. */
  digits: URL;
  /** Where output goes instead of stdout and stderr (the tests run the command line in their own process). */
  output?: Output;
}

const FASHION = '/usr/share/datasets/fashion-mnist';

const DATA_HELP = `
Data files: a CSV file (numbers, a header line or none, the label column last
unless --label says otherwise); an IDX images file followed by its labels file
(MNIST, Fashion-MNIST; gzip'd or not); or CIFAR-10 binary batches (*.bin).`;

const batch = (text: string): number | 'full' => (text === 'full' ? 'full' : count(text));

/**
 * Options shared by the commands that train. train leaves the mini-batch
 * options unset unless given, so that --solver auto chooses (the library's
 * 'auto'); search trains mini-batch models and fills them in.
 */
function trainingOptions(c: Command, defaults: { epochs?: number; batch?: number; optimizer?: string; search?: boolean }): Command {
  const dflt = (v: unknown) => (v === undefined ? '' : ` (default ${v})`);
  const mini = defaults.epochs === undefined ? '; setting it picks the mini-batch solver (default adam, 20 epochs, batch 32, lr 0.01)' : '';
  return c
    .addOption(defaults.search
      ? new Option('--solver <name>', 'minibatch: a model per learning rate × reg; lbfgs: a model per reg (softmax)').choices(['minibatch', 'lbfgs']).default('minibatch')
      : new Option('--solver <name>', 'auto: L-BFGS for softmax on up to 10000 rows, else averaged momentum SGD; lbfgs; minibatch').choices(['auto', 'lbfgs', 'minibatch']).default('auto'))
    .addOption(new Option('--optimizer <name>', `mini-batch update rule${dflt(defaults.optimizer)}${mini}`).choices(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam']).default(defaults.optimizer))
    .addOption(new Option('--penalty <name>', 'penalty on W').choices(['l2', 'l1', 'elasticnet', 'none']).default('l2'))
    .addOption(new Option('--epochs <n>', `mini-batch: passes over the training data${dflt(defaults.epochs)}`).argParser(count).default(defaults.epochs))
    .addOption(new Option('--batch <n>', `mini-batch: rows per step, or 'full' for full-batch gradient descent${dflt(defaults.batch)}`).argParser(batch).default(defaults.batch))
    .option('--max-iter <n>', 'L-BFGS: iterations at most (default 100)', count)
    .option('--tol <x>', 'stop once the training loss has improved by less than this for 5 epochs or iterations in a row (default: 5e-4 for L-BFGS, off for mini-batch)', nonNegative)
    .option('--seed <n>', 'seed of the initial weights, the batches and --split', seed, 0)
    .option('--split <fraction>', 'hold out this fraction of the training rows (chosen by --seed)', fraction)
    .option('--scale <factor>', 'multiply raw features by this (default: 1/255 for IDX and CIFAR, 1/16 for the digits, 1 for CSV)', positive)
    .option('--center', 'subtract the training mean from every feature (default for IDX and CIFAR)')
    .option('--no-center', 'do not subtract the training mean')
    .option('--classes <n>', 'number of classes (default: the largest label + 1)', num({ min: 2, max: 65536, integer: true }))
    .option('--label <column>', 'CSV label column: an index from 0 (negative from the end) or a header name (default: the last)')
    .option('--header', 'the CSV files start with a header line (default: detected)')
    .option('--no-header', 'the CSV files have no header line');
}

function dataOptions(c: Command): Command {
  return c
    .option('--label <column>', 'CSV label column: an index from 0 (negative from the end) or a header name (default: the last)')
    .option('--header', 'the CSV file starts with a header line (default: detected)')
    .option('--no-header', 'the CSV file has no header line');
}

export function program(ctx: Context): Command {
  const p = new Command('linclass')
    .description('Train and run linear classifiers (softmax and three multiclass hinges: SVM, one-vs-all, structured) with WebAssembly SIMD.')
    .version(ctx.version)
    .showHelpAfterError("Run 'linclass --help' for the commands.")
    .exitOverride()
    .configureOutput({ writeOut: (s) => current().out(s), writeErr: (s) => current().err(s), outputError: (s, write) => write(s) });

  trainingOptions(p.command('train')
    .description('Train a classifier and print train and test accuracy. With no data, trains softmax and SVM on the embedded digits.')
    .argument('[data...]', 'training data files (none: the embedded digits, rows 1–1500 train, the rest test)')
    .option('--test <files...>', 'the test set: one CSV file, or an IDX images file and its labels file (files after those are training data), or CIFAR-10 .bin batches (every .bin after it)')
    .addOption(new Option('--loss <name>', "loss; 'both' is softmax and svm, 'all' every loss (default: both for the embedded digits, else softmax)").choices([...LOSSES, 'both', 'all']))
    .option('--lr <rate>', 'mini-batch: learning rate', positive)
    .option('--average', "mini-batch: keep the average of the iterates (scikit-learn's ASGD)")
    .option('--reg <lambda>', 'regularization strength λ', nonNegative, 1e-4), {})
    .option('--out <file>', 'write the trained model (.lcm binary, .json or .onnx); with several losses one file each: m.lcm → m.softmax.lcm, m.svm.lcm, …')
    .option('--stream', 'read the training files in chunks, never whole (files larger than memory), through a shuffle buffer')
    .option('--buffer <rows>', 'rows the --stream shuffle buffer holds', count, 16384)
    .option('--plots <dir>', 'write training curves and class templates into this directory')
    .option('--no-progress', 'no progress bar, only the epoch lines')
    .addHelpText('after', `${DATA_HELP}

Examples:
  linclass train                                   # softmax and SVM on the embedded digits
  linclass train data.csv --split 0.2 --out m.lcm
  linclass train data.csv --solver lbfgs --tol 0 --max-iter 500   # to the optimum
  linclass train ${FASHION}/train-images-idx3-ubyte.gz ${FASHION}/train-labels-idx1-ubyte.gz \\
    --test ${FASHION}/t10k-images-idx3-ubyte.gz ${FASHION}/t10k-labels-idx1-ubyte.gz --out fashion.lcm`)
    .action(run((data: string[], o) => train(data, o, ctx.digits)));

  dataOptions(p.command('eval')
    .description("Print a saved model's accuracy and loss on labelled data.")
    .argument('<model>', 'model file (.lcm, .json or .onnx)')
    .argument('<data...>', 'labelled data files'))
    .option('--json', 'print one JSON object')
    .addHelpText('after', DATA_HELP)
    .action(run((model: string, data: string[], o) => evaluate(model, data, o)));

  dataOptions(p.command('predict')
    .description('Print the predicted class of every row (CSV or JSON lines); labels in the data are ignored.')
    .argument('<model>', 'model file (.lcm, .json or .onnx)')
    .argument('<data...>', 'data files (CSV with or without the label column, IDX images, CIFAR-10 batches)'))
    .option('--proba', 'also print the class probabilities (softmax models)')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'jsonl']).default('csv'))
    .addHelpText('after', DATA_HELP)
    .action(run((model: string, data: string[], o) => predict(model, data, o)));

  trainingOptions(p.command('search')
    .description('Train a model per learning rate × regularization pair; print train and validation accuracy.')
    .argument('[data...]', 'training data (two CSV files: training then validation; none: the embedded digits, rows 1–1500)')
    .option('--val <files...>', 'the validation set, taken like --test of train: one CSV file, an IDX pair, or .bin batches (default: --split 0.1 of the training rows)')
    .addOption(new Option('--loss <name>', 'loss').choices([...LOSSES]).default('softmax'))
    .option('--lrs <list>', 'learning rates, comma-separated', numList({ min: 0, max: Infinity, minOpen: true, maxOpen: true }), [1e-3, 3e-3, 1e-2])
    .option('--regs <list>', 'regularization strengths, comma-separated', numList({ min: 0, max: Infinity, maxOpen: true }), [0, 1e-4, 1e-3])
    .addOption(new Option('--mode <mode>', "'grid': every pair; 'random': --trials pairs drawn log-uniformly within the lists' ranges").choices(['grid', 'random']).default('grid'))
    .option('--trials <n>', 'models to train in random mode', count, 10), { epochs: 10, batch: 32, optimizer: 'adam', search: true })
    .option('--out <file>', 'write the best model (.lcm binary, or .json)')
    .option('--plots <dir>', 'write the search plot (learning rate × reg, coloured by validation accuracy) into this directory as search.png')
    .addHelpText('after', `${DATA_HELP}

Example:
  linclass search train.csv val.csv --lrs 1e-3,1e-2 --regs 0,1e-4,1e-3 --epochs 5`)
    .action(run((data: string[], o) => search(data, o, ctx.digits)));

  p.command('gradcheck')
    .description('Check lossAndGradient against a centered finite difference, for each loss × penalty, on small random data.')
    .addOption(new Option('--loss <name>', "loss; 'both' is softmax and svm, 'all' every loss").choices([...LOSSES, 'both', 'all']).default('all'))
    .addOption(new Option('--penalty <name>', 'penalty').choices(['l2', 'l1', 'elasticnet', 'none', 'all']).default('all'))
    .option('--rows <n>', 'rows of random data', count, 30)
    .option('--features <n>', 'features per row', count, 6)
    .option('--classes <n>', 'classes', num({ min: 2, max: 65536, integer: true }), 4)
    .option('--samples <n>', 'coordinates of [W | b] checked per case', count, 20)
    .option('--h <step>', 'finite-difference step', positive, 1e-5)
    .option('--seed <n>', 'seed of the data, weights and coordinates', seed, 0)
    .action(run(async (o) => gradcheck(o)));

  p.command('export')
    .description('Write a model in another format, chosen by the output name: .onnx (ONNX, standard operators), .json, or .lcm.')
    .argument('<model>', 'model file (.lcm, .json or .onnx)')
    .argument('<out>', 'the file to write')
    .action(run(async (model: string, outPath: string) => exportModel(model, outPath)));

  p.command('info')
    .description('Describe a model file: format, options, preprocessing, weights.')
    .argument('<model>', 'model file (.lcm, .json or .onnx)')
    .option('--json', 'print one JSON object (without the weights)')
    .action(run(async (model: string, o) => info(model, o)));

  // a usage error prints its message and this one line, not the whole help
  for (const c of p.commands) c.showHelpAfterError(`Run 'linclass ${c.name()} --help' for its usage and options.`);
  return p;
}

/**
 * The action wrapper: loads the module, runs the command with its positional
 * arguments and options, and turns failures into messages and exit codes.
 */
function run(fn: (...args: any[]) => Promise<void>) {
  return async (...args: any[]): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    try {
      await init();
      await fn(...args.slice(0, -2), cmd.opts());
    } catch (e) {
      const kind = classify(e);
      if (kind === 'usage') cmd.error(`error: ${(e as Error).message}`, { exitCode: EXIT.usage, code: 'linclass.usage' });
      if (kind === 'data') throw new CommanderError(EXIT.data, 'linclass.data', `error: ${(e as Error).message}`);
      throw e;
    }
  };
}

/** Runs the command line on argv (without node and the script); resolves to the exit code. */
export async function main(argv: string[], ctx: Context): Promise<number> {
  const restore = ctx.output ? redirect(ctx.output) : null;
  try {
    await program(ctx).parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'linclass.data') err(e.message);
      return e.exitCode;
    }
    err(`error: ${(e as Error)?.stack ?? String(e)}`);
    return EXIT.data;
  } finally {
    restore?.();
  }
}
