// Copies the text of the element named by a button's data-copy-target (the recovery codes), one per line.
document.addEventListener('click', event => {
    const button = event.target.closest('[data-copy-target]');
    const list = button && document.getElementById(button.dataset.copyTarget);
    if (!list || !navigator.clipboard) {
        return;
    }

    const text = Array.from(list.querySelectorAll('li')).map(li => li.textContent.trim()).join('\n');
    navigator.clipboard.writeText(text).then(() => {
        button.textContent = button.dataset.copied;
    });
});
