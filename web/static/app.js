// Placeholder client: connects with the session cookie, subscribes to the event log from the last
// sequence it saw, and reconnects with backoff. The React UI replaces this page.
const statusEl = document.getElementById('connection');
const tbody = document.getElementById('events');
let lastSequence = 0;
let attempt = 0;
let nextId = 1;

function setStatus(state, text) {
  statusEl.dataset.state = state;
  statusEl.textContent = text;
}

function addRow(event) {
  const tr = document.createElement('tr');
  for (const [text, cls] of [
    [String(event.sequence)],
    [new Date(event.timestamp).toLocaleTimeString()],
    [event.type],
    [JSON.stringify(event.payload), 'payload'],
  ]) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
  }
  tbody.prepend(tr);
  while (tbody.children.length > 500) tbody.lastChild.remove();
}

function connect() {
  setStatus('connecting', attempt === 0 ? 'connecting…' : `reconnecting (try ${attempt})…`);
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`);
  ws.onopen = () => {
    attempt = 0;
    setStatus('open', 'connected');
    ws.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: nextId++,
        method: 'events.subscribe',
        params: { after: lastSequence },
      }),
    );
  };
  ws.onmessage = (msg) => {
    const data = JSON.parse(msg.data);
    if (data.method === 'events.event') {
      const { event } = data.params;
      if (event.sequence > lastSequence) {
        lastSequence = event.sequence;
        addRow(event);
      }
    }
  };
  ws.onclose = () => {
    setStatus('closed', 'disconnected — retrying');
    attempt += 1;
    setTimeout(connect, Math.min(10_000, 250 * 2 ** attempt));
  };
}

connect();
