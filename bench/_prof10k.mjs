import { classify, DEFAULT_POLICY_TEXTS, loadBlastRadiusPolicy, normaliseChange } from '@trustladder/core';
import { evaluateNormalised } from '../packages/core/dist/classify/evaluate.js';
import { realisticChange, scatteredChange } from './changes.mjs';

const p = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
const c = (process.env.KIND === 's' ? scatteredChange : realisticChange)(10000);
const N = Number(process.env.N ?? 30);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const med = (fn) => {
  fn();
  const s = [];
  for (let i = 0; i < N; i++) {
    const t = cpu();
    fn();
    s.push(cpu() - t);
  }
  s.sort((a, b) => a - b);
  return s[N >> 1].toFixed(1);
};
const n = normaliseChange(c);
console.log(
  'cpu ms: classify',
  med(() => classify(p, c)),
  'normalise',
  med(() => normaliseChange(c)),
  'evaluate',
  med(() => evaluateNormalised(p, n)),
);
