// `cognito-import <service> <command> [flags]`: the command from the model, its flags parsed
// into the request, then a skeleton, the help text or the call itself.
import { ArgParseError } from './errors';
import type { ParsedGlobals } from './globals';
import type { Io } from './types';
import { SERVICES, loadService, findOperation } from './services';
import { xformName } from './names';
import { parseCommand, checkParams } from './flags';
import { invalidChoice } from './choices';

export async function runService(serviceName: string, args: string[], globals: ParsedGlobals, io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const entry = SERVICES[serviceName];
  const service = loadService(serviceName);
  if (!service) throw new ArgParseError(`unknown service ${serviceName}`);
  const [command, ...rest] = args;
  if (command === undefined) throw new ArgParseError('the following arguments are required: operation');
  if (command === 'help') {
    io.stdout((await import('./help')).serviceHelp(service));
    return 0;
  }
  const operation = findOperation(service, command, xformName);
  if (!operation) throw invalidChoice('operation', command, [...Object.keys(service.operations).map((o) => xformName(o)).sort(), 'help']);
  const paginator = entry.paginators[operation];
  const parsed = parseCommand(rest, service, operation, paginator);
  if (parsed.help) {
    io.stdout((await import('./help')).commandHelp(service, operation, paginator));
    return 0;
  }
  const op = service.operations[operation];
  if (parsed.skeleton === 'input' || parsed.skeleton === 'yaml-input') {
    const { jsonSkeleton, yamlSkeleton } = await import('./skeleton');
    io.stdout(parsed.skeleton === 'input' ? jsonSkeleton(op.input, service.shapes) : yamlSkeleton(op.input, service.shapes));
    return 0;
  }
  checkParams(parsed.params, op.input, service.shapes);
  const { resolveSettings } = await import('./config');
  const settings = await resolveSettings({ globals, endpointEnvKey: service.endpointEnvKey, env, isTTY: io.isTTY });
  if (parsed.skeleton === 'output') {
    const { generateSkeleton } = await import('./skeleton');
    const { printOutput } = await import('./invoke');
    await printOutput(generateSkeleton(op.output, service.shapes, true) as Record<string, unknown>, service, operation, settings, io);
    return 0;
  }
  const { invoke } = await import('./invoke');
  return invoke({
    entry, service, operation, params: parsed.params, settings, paginator, paging: parsed.paging,
    singlePage: Boolean(globals.noPaginate) || parsed.manualPaging, io,
  });
}
