// Updates the import's progress message in place every 2 seconds, so screen readers hear the
// change through role="status" instead of being thrown back to the top by a page reload.
const region = document.querySelector('[data-testid="progress"]');
if (region) {
  const timer = setInterval(async () => {
    try {
      const response = await fetch(window.location.href, { headers: { accept: 'text/html' } });
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      const next = page.querySelector('[data-testid="progress"]');
      if (next) {
        region.innerHTML = next.innerHTML;
      } else {
        // Finished or failed: show the result page.
        clearInterval(timer);
        window.location.reload();
      }
    } catch {
      // A passing network fault: try again on the next tick.
    }
  }, 2000);
}
