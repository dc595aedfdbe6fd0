export function rank(results) {
  return [...results].sort((a, b) => b.score - a.score);
}
