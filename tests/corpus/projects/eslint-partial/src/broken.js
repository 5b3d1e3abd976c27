export function discount(price, pct) {
  if (pct > 100 {
    return 0;
  }
  return price - (price * pct) / 100;
}
