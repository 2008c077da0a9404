import { Help, type Command } from '@oclif/core';

import { exitCodeDescriptions } from '../lib/errors/exit-codes.js';

/**
 * oclif's help plus an EXIT CODES section on the root help and on every command's help: CI
 * scripts branch on these codes, so they belong where people look first.
 */
export default class OdinHelp extends Help {
  protected override async showRootHelp(): Promise<void> {
    await super.showRootHelp();
    this.log(this.exitCodesSection());
    this.log('');
  }

  protected override formatCommand(command: Command.Loadable): string {
    return `${super.formatCommand(command).trimEnd()}\n\n${this.exitCodesSection()}\n`;
  }

  private exitCodesSection(): string {
    return this.section(
      'EXIT CODES',
      exitCodeDescriptions.map(([code, description]) => [String(code), description]),
    );
  }
}
