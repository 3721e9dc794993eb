// The floor the CLI's start-up is measured against (`npm run size`): a bare commander program
// that loads the libraries the CLI loads at start-up (commander, cli-table3, picocolors) and
// prints the same text, given as a file (`node bench/cli-floor.mjs OUTPUT_FILE`). What is left
// over this floor is the CLI's own cost: its code, its command tree, and what it loads.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import Table from 'cli-table3';
import pc from 'picocolors';

const text = readFileSync(process.argv[2] ?? '/dev/null', 'utf8');
const program = new Command('entra-provisioning-floor').helpOption(false);
program.argument('[file]').action(() => {
  // Touch each library, as the CLI does when it prints.
  void Table;
  process.stdout.write(pc.isColorSupported ? text : text);
});
program.parse();
