import type { Command } from "commander";
import { spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import { createDashboardServer, isLoopback } from "../dashboard/server.js";
import { UserError } from "../errors.js";
import { runsRoot } from "../paths.js";
import { handle } from "./main.js";

interface DashboardFlags {
  port: string;
  host: string;
  open?: boolean;
}

function openBrowser(url: string): void {
  const [cmd, args] = process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : ["xdg-open", [url]];
  const child = spawn(cmd, args, { stdio: "ignore", detached: true });
  child.on("error", () => process.stderr.write(`could not open a browser (${cmd}); open ${url} yourself\n`));
  child.unref();
}

export function registerDashboard(program: Command): void {
  program
    .command("dashboard")
    .description("local web UI over the runs root: runs table, live loss/lr/perplexity curves, comparisons, eval and data reports, registry")
    .option("--port <n>", "port to listen on (0 picks a free one)", "7870")
    .option("--host <address>", "address to bind; anything but loopback exposes your runs to the network", "127.0.0.1")
    .option("--open", "open the page in the default browser")
    .action((o: DashboardFlags, cmd: Command) =>
      handle(async () => {
        const port = Number(o.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError("bad_port", `--port ${o.port} is not a port number`, { hint: "0 to 65535; 0 picks a free port" });
        if (!isLoopback(o.host)) {
          // Only an explicit --host gets past loopback, and never quietly: there is no authentication.
          if (cmd.getOptionValueSource("host") !== "cli") throw new UserError("dashboard_host", `refusing to bind the dashboard to ${o.host}`, { hint: "pass --host explicitly to bind beyond 127.0.0.1" });
          process.stderr.write(`warning: binding to ${o.host}: anyone who can reach this machine can read your runs (the dashboard has no login)\n`);
        }
        const root = runsRoot();
        const server = createDashboardServer({ root, host: o.host });
        await new Promise<void>((resolve, reject) => {
          server.once("error", (e: NodeJS.ErrnoException) =>
            reject(
              e.code === "EADDRINUSE"
                ? new UserError("port_in_use", `port ${port} on ${o.host} is in use`, { hint: "pick another with --port, or --port 0 for a free one" })
                : e.code === "EADDRNOTAVAIL"
                  ? new UserError("bad_host", `${o.host} is not an address of this machine`, { hint: "use 127.0.0.1, or an address `ip addr` lists" })
                  : e,
            ),
          );
          server.listen(port, o.host, () => resolve());
        });
        const addr = server.address() as AddressInfo;
        // Bound to every interface: the loopback URL still works here and is the one to click.
        const local = addr.address === "0.0.0.0" ? "127.0.0.1" : addr.address === "::" ? "::1" : addr.address;
        const shown = local.includes(":") ? `[${local}]` : local;
        const url = `http://${shown}:${addr.port}/`;
        process.stdout.write(`dashboard: ${url}\nruns root: ${root}\nCtrl-C stops it\n`);
        if (o.open) openBrowser(url);
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off("SIGINT", stop);
            process.off("SIGTERM", stop);
            server.close(() => resolve());
            server.closeAllConnections(); // open event streams would keep close() waiting forever
          };
          process.on("SIGINT", stop);
          process.on("SIGTERM", stop);
        });
        process.stdout.write("dashboard stopped\n");
      }),
    );
}
