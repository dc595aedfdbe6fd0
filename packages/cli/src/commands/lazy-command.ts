import type { Command } from '../command.js';

// A command whose module is imported only when it is asked for (issue 16's cold start):
// `trustladder classify` then loads classify's dependencies, not sigstore, pg, the Kubernetes
// client and the Kyverno tooling of the other commands. The name and summary are repeated
// here for `trustladder --help`; a test checks them against the loaded module's.
export function lazyCommand(name: string, summary: string, importer: () => Promise<Command>): Command {
  let loaded: Command | undefined;
  const load = async (): Promise<Command> => {
    loaded ??= await importer();
    return loaded;
  };
  return {
    name,
    summary,
    get usage(): string {
      // main() loads a command before it reads the usage; reading it earlier is a bug.
      if (!loaded) throw new Error(`trustladder ${name}: usage read before the command was loaded`);
      return loaded.usage;
    },
    async run(args, io) {
      return (await load()).run(args, io);
    },
    load,
  };
}
