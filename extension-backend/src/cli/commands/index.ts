// Every `drover` subcommand, in the order --help lists them.
import { ask } from './ask';
import { chat } from './chat';
import type { Command } from './command';
import { models } from './models';
import { sessions } from './sessions';
import { tools } from './tools';

export const COMMANDS: Command[] = [ask, chat, tools, sessions, models];

export const findCommand = (name: string) => COMMANDS.find((c) => c.name === name);
