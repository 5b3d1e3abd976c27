export function total(items) {
  var sum = 0;
  for (let i = 0; i < items.length; i++) {
    sum += items[i].price * items[i].qty;
  }
  return sum;
}

export function find(items, name) {
  let found = null;
  for (const item of items) {
    if (item.name == name) found = item;
  }
  console.log("found", found);
  return found;
}
