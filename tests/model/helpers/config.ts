/** Builds full Config objects for model-layer tests; only the model fields matter there. */
import type { Config, LinkName, LossName } from '../../../src/model/types.ts';

export interface ModelFields {
  loss: LossName;
  studentLink: LinkName;
  studentReadout: number[];
  teacherLink: LinkName;
  teacherReadout: number[];
  noise: number;
  labels: 'real' | 'sign';
}

export function makeConfig(fields: ModelFields): Config {
  return {
    d: 100,
    delta: 2,
    n: 200,
    teacher: {
      k: fields.teacherReadout.length,
      link: fields.teacherLink,
      readout: fields.teacherReadout,
      noise: fields.noise,
      labels: fields.labels,
    },
    student: {
      k: fields.studentReadout.length,
      link: fields.studentLink,
      readout: fields.studentReadout,
    },
    loss: fields.loss,
    lambda: 0,
    init: { scale: 0, overlap: [[0]] },
    algorithm: {
      name: 'sgd',
      gamma: 0.5,
      kappa: 1,
      batch: 'fixed',
      smeNoise: 'per-sample',
    },
    times: [1],
    seed: 1,
  };
}
