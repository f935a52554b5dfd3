// The dashboard's page script: refreshes the labourer table and draws the charts. Plain browser
// JavaScript with no build step; Chart.js is loaded before it by the page (from the dashboard itself).
/* global Chart, document, fetch, FormData, URLSearchParams, setInterval */
'use strict';

/** `HH:MM` in UTC, as every time on the dashboard is. */
const hhmm = (ms) => new Date(ms).toISOString().slice(11, 16);

/** Replaces the labourer table's rows with the server's rendering of the current figures. */
async function refreshLabourers(status) {
  try {
    const response = await fetch('/fragments/labourers', { headers: { accept: 'text/html' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const template = document.createElement('template');
    template.innerHTML = await response.text();
    const rows = template.content.querySelector('#labourer-rows');
    const current = document.getElementById('labourer-rows');
    if (rows !== null && current !== null) current.replaceWith(rows);
    status.textContent = `live, read ${new Date(Number(rows?.dataset.at)).toISOString().slice(11, 19)} UTC`;
    status.classList.remove('error');
  } catch (error) {
    status.textContent = `refresh failed (${error.message}); trying again`;
    status.classList.add('error');
  }
}

/** A line chart over time (x in epoch ms), or the same chart with new data. */
function drawChart(chart, canvas, datasets, range) {
  const data = {
    datasets: datasets.map((set) => ({
      label: set.label,
      data: set.points,
      borderColor: set.color,
      backgroundColor: set.color,
      // Few points (a dashboard just started) would be invisible as a line alone.
      pointRadius: set.points.length < 60 ? 2 : 0,
      borderWidth: 1.5,
      stepped: set.stepped ?? false,
    })),
  };
  if (chart !== undefined) {
    chart.data = data;
    chart.options.scales.x.min = range.min;
    chart.options.scales.x.max = range.max;
    chart.update();
    return chart;
  }
  return new Chart(canvas, {
    type: 'line',
    data,
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { type: 'linear', min: range.min, max: range.max, ticks: { callback: (value) => hhmm(value) } },
        y: { beginAtZero: true, ticks: { precision: 0 } },
      },
      plugins: {
        tooltip: { callbacks: { title: (items) => (items[0] ? `${hhmm(items[0].parsed.x)} UTC` : '') } },
      },
    },
  });
}

/** The throughput and queue charts, for the labourer and window chosen in the form. */
function setUpCharts(form, throughputCanvas, queueCanvas) {
  const queueCaption = document.getElementById('queue-caption');
  const queueNote = queueCaption?.textContent ?? '';
  let throughputChart;
  let queueChart;

  async function load() {
    const params = new URLSearchParams(new FormData(form));
    try {
      const response = await fetch(`/api/throughput?${params.toString()}`);
      const body = await response.json();
      if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
      const range = { min: body.minutes[0], max: body.minutes[body.minutes.length - 1] + 60_000 };
      const perMinute = (counts) => body.minutes.map((x, i) => ({ x, y: counts[i] }));
      throughputChart = drawChart(
        throughputChart,
        throughputCanvas,
        [
          { label: 'completed / min', points: perMinute(body.completed), color: '#2e7d32', stepped: true },
          { label: 'buried / min', points: perMinute(body.buried), color: '#c62828', stepped: true },
        ],
        range,
      );
      queueChart = drawChart(
        queueChart,
        queueCanvas,
        [{ label: 'queued', points: body.queue, color: '#1565c0' }],
        range,
      );
      if (queueCaption !== null && body.queueSince !== undefined) {
        queueCaption.textContent = `${queueNote} First sample: ${hhmm(body.queueSince)} UTC.`;
      }
      throughputCanvas.dataset.rendered = 'true';
    } catch (error) {
      throughputCanvas.dataset.error = error.message;
    }
  }

  form.addEventListener('change', () => void load());
  void load();
  setInterval(() => void load(), 30_000);
}

document.addEventListener('DOMContentLoaded', () => {
  const refreshMs = Number(document.body.dataset.refreshMs);
  const status = document.getElementById('refreshed');
  if (status !== null && refreshMs > 0) {
    setInterval(() => void refreshLabourers(status), refreshMs);
  }
  const form = document.getElementById('chart-options');
  const throughputCanvas = document.getElementById('throughput-chart');
  const queueCanvas = document.getElementById('queue-chart');
  if (form !== null && throughputCanvas !== null && queueCanvas !== null && typeof Chart === 'function') {
    setUpCharts(form, throughputCanvas, queueCanvas);
  }
});
