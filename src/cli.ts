import { loadConfig } from './config.ts';
import { demoSignIns, seedDemo } from './demo/index.ts';
import { importHolidaysFromFile } from './modules/clocks/index.ts';
import { importLibrary } from './modules/library/index.ts';
import { DataDirInUseError, migrate, openDatabase, type Db } from './platform/db/index.ts';

const USAGE = `Usage: lantern <command>

Commands:
  migrate               apply pending database migrations
  seed-demo [--force]   load the fictional Brookvale partnership (refuses a database holding data unless --force)
  holidays import <file>
                        import a newer official bank-holidays file (GOV.UK's bank-holidays.json format)
  library import <folder-or-csv>
                        add published reviews (.pdf, .docx, .txt) to the library: a folder (details from
                        its metadata.csv, if any) or a CSV whose "file" column names files beside it
  help                  show this help`;

type Command = (db: Db, args: string[]) => Promise<void>;

const commands: Record<string, Command> = {
  async migrate() {
    // Every command migrates first; this one has nothing more to do.
  },
  async 'seed-demo'(db, args) {
    const password = process.env.LANTERN_DEMO_PASSWORD ?? 'brookvale-demo';
    const loaded = await seedDemo(db, password, { force: args.includes('--force') });
    if (!loaded)
      throw new Error(
        'The database already holds data: not loading the demo. Use --force to load it anyway.',
      );
    console.log(`Loaded the fictional demo partnership "Brookvale".\n${demoSignIns(password)}`);
  },
  async holidays(db, [action, file]) {
    if (action !== 'import') throw new Error('Usage: lantern holidays import <file>');
    console.log((await importHolidaysFromFile(db, file)).join('\n'));
  },
  async library(db, [action, source]) {
    if (action !== 'import' || !source) throw new Error('Usage: lantern library import <folder-or-csv>');
    await importLibrary(db, source, console.log);
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help') {
    console.log(USAGE);
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`);
    return 1;
  }
  const config = loadConfig();
  const db = await openDatabase(config, `lantern ${name}`);
  try {
    const applied = await migrate(db);
    console.log(
      applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.',
    );
    await command(db, args);
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(
      err instanceof DataDirInUseError ? err.message : `lantern: ${err instanceof Error ? err.message : err}`,
    );
    process.exit(1);
  },
);
