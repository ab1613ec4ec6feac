import { describe, expect, it } from 'vitest';
import { renderHistory } from './history-charts.js';

describe('renderHistory', () => {
  it('draws loss and accuracy charts, train and validation', () => {
    const html = renderHistory([
      { epoch: 1, loss: 1.1, accuracy: 0.4, valLoss: 1.0, valAccuracy: 0.5, rate: 0.003 },
      { epoch: 2, loss: 0.6, accuracy: 0.75, valLoss: 0.7, valAccuracy: 0.72, rate: 0.003 },
      { epoch: 3, loss: 0.3, accuracy: 0.9, valLoss: 0.5, valAccuracy: 0.85, rate: 0.001 },
      { epoch: 4, loss: 0.2, accuracy: 0.95, valLoss: 0.55, valAccuracy: 0.83, rate: 0.001 },
    ]);
    expect(html.match(/<svg/g)).toHaveLength(2);
    expect(html.match(/<path class="line"/g)).toHaveLength(4);
    expect(html).toContain('validation <b>83.0%</b>');
    expect(html).toContain('best validation <b>85.0%</b> at epoch 3');
    expect(html).toContain('learning rate');
  });

  it('still draws a 1-epoch history, as dots', () => {
    const html = renderHistory([{ epoch: 1, loss: 0.9, accuracy: 0.6 }]);
    expect(html.match(/<svg/g)).toHaveLength(2);
    expect(html.match(/<circle class="dot"/g)).toHaveLength(2);
    expect(html).not.toContain('NaN');
  });

  it('names a best epoch only when it is not the last one', () => {
    const html = renderHistory([
      { epoch: 1, loss: 1, valAccuracy: 0.5 },
      { epoch: 2, loss: 0.5, valAccuracy: 0.7 },
    ]);
    expect(html).not.toContain('best validation');
  });

  it('draws only the loss chart when no accuracy was recorded', () => {
    const html = renderHistory([
      { epoch: 1, loss: 0.9 },
      { epoch: 2, loss: 0.5 },
    ]);
    expect(html.match(/<svg/g)).toHaveLength(1);
  });

  it('says so when there are no epochs', () => {
    expect(renderHistory([])).toContain('No epochs');
  });
});
