export function clamp(value, low, high) {
  let unused = 1;
  if (value < low) return low;
  if (value > high) return high;
  return value;
}
