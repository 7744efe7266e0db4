// A Chart.js canvas for React: draws `config` and redraws when it changes.
//
// NOTE: Chart.js rather than recharts: the window runs with Tauri's
// `freezePrototype`, and recharts' decimal.js-light assigns `toString` on a
// plain object, which a frozen Object.prototype refuses at load time.
import { useEffect, useRef } from "react";
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
  type ChartConfiguration,
} from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

export function ChartCanvas({ config, height, testId }: { config: ChartConfiguration; height: number; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      ...config,
      options: { animation: false, responsive: true, maintainAspectRatio: false, ...config.options },
    });
    return () => chart.destroy();
  }, [config]);
  return (
    <div style={{ position: "relative", height }}>
      <canvas ref={canvas} data-testid={testId} />
    </div>
  );
}
