import { Command } from 'commander';
import { base } from './base.js';
import { baseVariants } from './base-variants.js';
import { data } from './data.js';
import { drawings } from './drawings.js';
import { garbage } from './garbage.js';
import { looks } from './looks.js';
import { pretrain } from './pretrain.js';
import { profileStep } from './profile-step.js';
import { results } from './results.js';
import { seedArch } from './seed-arch.js';
import { transfer } from './transfer.js';
import { unseenHexagon } from './unseen-hexagon.js';

/**
 * The benchmarks, one subcommand each. Each prints one JSON document on stdout (progress on stderr), so runs can
 * be kept and compared; `shapes bench` covers the generator, training and inference speeds users ask about.
 */
export function program(): Command {
  return new Command('bench')
    .description(
      'The benchmarks of the shapes packages, each beside its OpenCV or PyTorch peer where it has one',
    )
    .addCommand(data)
    .addCommand(garbage)
    .addCommand(profileStep)
    .addCommand(base)
    .addCommand(baseVariants)
    .addCommand(looks)
    .addCommand(pretrain)
    .addCommand(transfer)
    .addCommand(unseenHexagon)
    .addCommand(seedArch)
    .addCommand(drawings)
    .addCommand(results);
}
