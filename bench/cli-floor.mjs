// The floor the CLI's start-up is measured against (`npm run size`): a bare commander program
// that loads the libraries the CLI loads at start-up (commander, cli-table3, picocolors) and
// prints the same text, given as a file (`node bench/cli-floor.mjs OUTPUT_FILE [--fetch]`). What
// is left over this floor is the CLI's own cost: its code, its command tree, and what it loads.
// With --fetch it also makes one fetch (of a data: URL), as any command that talks to Graph
// does: Node loads undici, behind its fetch, on first use. Each --import=FILE is loaded too: the
// Graph client's modules, which such a command loads with its first request (the package ships
// them in dist/, from the client's ES build, which Node cannot load from node_modules as is).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import Table from 'cli-table3';
import pc from 'picocolors';

const text = readFileSync(process.argv[2] ?? '/dev/null', 'utf8');
const program = new Command('entra-provisioning-floor').helpOption(false);
program
  .argument('[file]')
  .option('--fetch')
  .option('--import <file>', 'a module to load', (file, files) => [...files, file], [])
  .action(async (_file, options) => {
    await Promise.all(options.import.map((file) => import(pathToFileURL(file).href)));
    if (options.fetch) await (await fetch('data:application/json,{}')).json();
    // Touch each library, as the CLI does when it prints.
    void Table;
    process.stdout.write(pc.isColorSupported ? text : text);
  });
program.parse();
