import { Command, CommanderError, Option } from 'commander';
import { analyzeCommand } from '../commands/analyze';
import { demoCommand } from '../commands/demo';
import { inspectCommand } from '../commands/inspect';
import { pluginsCommand } from '../commands/plugins';
import { reportCommand } from '../commands/report';
import { runCommand } from '../commands/run';
import { CLI_VERSION } from '../output/crate';
import { CliErrorCode, ExitCode, reportError, usageError } from './errors';
import { printJson } from './log';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Runs a command and turns what it returns or throws into an exit code (and, with --json, one JSON object). */
function action<A extends unknown[]>(run: (...args: A) => Promise<number>) {
  return async (...args: A) => {
    const options = args.find((a) => a && typeof a === 'object' && !Array.isArray(a) && !(a instanceof Command)) as { json?: boolean } | undefined;
    try {
      process.exitCode = await run(...args);
    } catch (error) {
      process.exitCode = reportError(error, Boolean(options?.json));
    }
  };
}

/** The `ionscope` command line. */
export function createProgram(): Command {
  const program = new Command('ionscope')
    .description('Inspect, analyze, batch-run and report battery characterization data with the installed ionscope plugins.')
    .version(CLI_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('plugins')
    .description('list the installed plugins: readers, analyses (parameters as JSON Schema with --json), views, writers')
    .option('--json', 'print one JSON object on stdout')
    .option('-v, --verbose', 'log more on stderr')
    .action(action((options) => pluginsCommand(options)));

  program
    .command('inspect')
    .description('show which reader reads FILE and why, and what it holds: kind, shape, axes with ranges and units, metadata')
    .argument('<file>', 'a data file, or a folder read as one dataset')
    .option('--reader <id>', 'use this reader instead of sniffing')
    .option('--json', 'print one JSON object on stdout')
    .option('-v, --verbose', 'log more on stderr')
    .action(action((file: string, options) => inspectCommand(file, options)));

  program
    .command('analyze')
    .description('run one analysis on FILE')
    .argument('<file>', 'the primary input: a data file, or a folder read as one dataset')
    .addOption(new Option('-a, --analysis <id>', 'the analysis id (see `ionscope plugins`)').makeOptionMandatory())
    .option('--input <name=path>', 'an extra named input, e.g. --input reference=ref.txt (repeatable)', collect, [])
    .option(
      '-p, --param <key=value>',
      'a parameter; the value is JSON when valid, else text; "450um" style quantities are converted (repeatable; a.b=1 sets nested keys)',
      collect,
      [],
    )
    .option('--params <file.json>', 'parameters from a JSON file (--param entries override them)')
    .option('--reader <id>', 'use this reader instead of sniffing')
    .option('-o, --out <dir>', 'write result.json, result.csv, the plots (SVG/PNG) and ro-crate-metadata.json here')
    .option(
      '--threads <n>',
      'worker threads for the analysis’ parallel tasks, e.g. reconstruction slabs (default: IONSCOPE_THREADS, else one per core; 1: none)',
    )
    .option('--json', 'print one JSON object on stdout: {"ok":true,"analysis","result","provenance"} or {"ok":false,"error"}')
    .option('-v, --verbose', 'log more on stderr')
    .action(action((file: string, options) => analyzeCommand(file, options)));

  program
    .command('run')
    .description('run a pipeline (YAML or JSON) over many files on worker threads; exit 0 when all succeed, 2 when some fail')
    .argument('<pipeline>', 'pipeline.yaml or pipeline.json: inputs (globs relative to it), with, steps, output')
    .option('-o, --out <dir>', 'output folder (default ionscope-out/<pipeline name>)')
    .option('-w, --workers <n>', 'worker threads (default: one per core)')
    .option('--json', 'print the summary as one JSON object on stdout')
    .option('-v, --verbose', 'log more on stderr')
    .action(action((file: string, options) => runCommand(file, options)));

  program
    .command('report')
    .description('write DIR/report.html: one self-contained page (inline plots, tables, parameters, provenance) that opens offline')
    .argument('<dir>', 'a folder written by analyze --out, run or demo')
    .option('--title <text>', 'page title')
    .option('--json', 'print {"ok":true,"report":PATH} on stdout')
    .action(action((dir: string, options) => reportCommand(dir, options)));

  program
    .command('demo')
    .description("run every installed plugin's sample data through its main analyses and write DIR/report.html")
    .option('-o, --out <dir>', 'output folder', 'ionscope-out')
    .option('--threads <n>', 'worker threads for the analyses’ parallel tasks (default: IONSCOPE_THREADS, else one per core; 1: none)')
    .option('--json', 'print {"ok","report","samples"} on stdout')
    .option('-v, --verbose', 'log more on stderr')
    .action(action((options) => demoCommand(options)));

  return program;
}

/** Entry point: parses argv, runs the command, sets process.exitCode. */
export async function main(argv: string[] = process.argv): Promise<number> {
  const program = createProgram();
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; a missing command (help shown on stderr) and usage errors exit 1.
      const help = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
      if (!help && json) printJson({ ok: false, error: { code: CliErrorCode.Usage, message: error.message.replace(/^error: /, '') } });
      process.exitCode = error.exitCode === 0 ? ExitCode.Ok : ExitCode.Error;
    } else {
      process.exitCode = reportError(error instanceof Error ? error : usageError(String(error)), json);
    }
  }
  return Number(process.exitCode ?? 0);
}
