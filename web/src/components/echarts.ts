// The parts of ECharts the UI draws with, registered once; imported lazily by chart
// components so that only pages with a chart load them.
import { use, init } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export { init };
