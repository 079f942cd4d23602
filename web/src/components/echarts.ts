// The parts of ECharts the UI draws with, registered once; imported lazily by EChart.vue
// so that only pages with a chart load them.
import { use, init } from 'echarts/core';
import { BarChart, GraphChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, GraphChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { init };
