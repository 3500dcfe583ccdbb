// Building page elements with text only: what a page shows from run or registry data is set as
// textContent, never parsed as markup.
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { text?: string; className?: string; title?: string } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.text !== undefined) node.textContent = props.text;
  if (props.className) node.className = props.className;
  if (props.title) node.title = props.title;
  node.append(...children);
  return node;
}
