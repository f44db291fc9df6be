import { existsSync } from 'node:fs';
import { createServices } from './composition.ts';
import { loadConfig } from './config.ts';
import { demoSignIns, seedDemo } from './demo/index.ts';
import { importHolidaysFromFile } from './modules/clocks/index.ts';
import {
  createAuditChainService,
  createAuditRepository,
  describeChainReport,
} from './modules/audit/index.ts';
import { createThemesRepository, createThemesService } from './modules/themes/index.ts';
import { importLibrary } from './modules/library/index.ts';
import { DataDirInUseError, migrate, openDatabase, type Db } from './platform/db/index.ts';
import { backupDatabase, BackupError, restoreDatabase } from './platform/db/index.ts';

const USAGE = `Usage: lantern <command>

Commands:
  migrate               apply pending database migrations
  seed-demo [--force]   load the fictional Brookvale partnership (refuses a database holding data unless --force)
  holidays import <file>
                        import a newer official bank-holidays file (GOV.UK's bank-holidays.json format)
  themes suggest        suggest safeguarding themes for every library review that has none yet
  audit verify          seal new audit rows, then check the whole audit hash chain (exit 1 if broken)
  backup <file> [--force]
                        back up the database to a new file (embedded: tar.gz; PostgreSQL: pg_dump)
  restore <file> [--force]
                        restore a backup into an empty data folder or database (--force replaces one)
  library import <folder-or-csv>
                        add published reviews (.pdf, .docx, .txt) to the library: a folder (details from
                        its metadata.csv, if any) or a CSV whose "file" column names files beside it
  secrets rotate        encrypt every authenticator app secret under LANTERN_ENCRYPTION_KEY (those from
                        before encryption, or under LANTERN_ENCRYPTION_KEY_PREVIOUS); exit 1 if any cannot be read
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
  async themes(db, [action]) {
    if (action !== 'suggest') throw new Error('Usage: lantern themes suggest');
    const audit = createAuditRepository();
    const service = createThemesService({ db, themes: createThemesRepository(), audit });
    const { reviews, suggestions } = await service.suggestMissing();
    console.log(`Suggested ${suggestions} themes for ${reviews} library reviews that had none.`);
  },
  async audit(db, [action]) {
    if (action !== 'verify') throw new Error('Usage: lantern audit verify');
    const report = await createAuditChainService({ db, audit: createAuditRepository() }).verifyAndRecord({
      id: null,
      label: 'lantern audit verify (command line)',
    });
    const { headline, lines } = describeChainReport(report);
    if (lines.length) console.log(lines.join('\n'));
    if (!report.ok) throw new Error(headline);
    console.log(headline);
  },
  async backup(db, args) {
    const config = loadConfig();
    console.log(
      await backupDatabase(db, config, { file: fileArg(args, 'backup'), force: args.includes('--force') }),
    );
  },
  async secrets(db, [action]) {
    if (action !== 'rotate') throw new Error('Usage: lantern secrets rotate');
    const { resealed, current, unreadable } = await createServices(db, loadConfig()).twoFactor.resealAll();
    console.log(
      `Encrypted ${resealed} authenticator app secrets under the current key; ${current} already were.`,
    );
    if (unreadable.length)
      throw new Error(
        `${unreadable.length} secrets cannot be opened with LANTERN_ENCRYPTION_KEY or ` +
          `LANTERN_ENCRYPTION_KEY_PREVIOUS (users ${unreadable.join(', ')}): set the key they were encrypted ` +
          "with as LANTERN_ENCRYPTION_KEY_PREVIOUS, or reset those people's two-factor sign-in.",
      );
  },
  async library(db, [action, source]) {
    if (action !== 'import' || !source) throw new Error('Usage: lantern library import <folder-or-csv>');
    await importLibrary(db, source, console.log);
  },
};

function fileArg(args: string[], command: string): string {
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) throw new Error(`Usage: lantern ${command} <file> [--force]`);
  return file;
}

/** Restore must not open (and so create) the database it is about to replace. */
async function restore(args: string[]): Promise<number> {
  const config = loadConfig();
  const lines = await restoreDatabase(config, {
    file: fileArg(args, 'restore'),
    force: args.includes('--force'),
    command: 'lantern restore',
  });
  console.log(lines.join('\n'));
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help') {
    console.log(USAGE);
    return name ? 0 : 1;
  }
  if (name === 'restore') return restore(args);
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`);
    return 1;
  }
  // Refused before the database is opened (which would wait for it, or create an embedded one).
  if (name === 'backup' && !args.includes('--force') && existsSync(fileArg(args, name)))
    throw new BackupError(
      `${fileArg(args, name)} already exists: not overwriting it. Choose another file, or use --force.`,
    );
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
      err instanceof DataDirInUseError || err instanceof BackupError
        ? err.message
        : `lantern: ${err instanceof Error ? err.message : err}`,
    );
    process.exit(1);
  },
);
