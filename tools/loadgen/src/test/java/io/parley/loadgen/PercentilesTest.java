package io.parley.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void nearestRankOfOneToHundredIsTheValueItself() {
    Percentiles p = new Percentiles(LongStream.rangeClosed(1, 100).toArray());
    assertThat(p.percentile(50)).isEqualTo(50);
    assertThat(p.percentile(90)).isEqualTo(90);
    assertThat(p.percentile(99)).isEqualTo(99);
    assertThat(p.percentile(99.9)).isEqualTo(100);
    assertThat(p.percentile(100)).isEqualTo(100);
    assertThat(p.max()).isEqualTo(100);
  }

  @Test
  void unsortedInputAndUnmeasuredEntriesLeftOut() {
    Percentiles p = new Percentiles(new long[] {30, -1, 10, 20, -1, 40});
    assertThat(p.count()).isEqualTo(4);
    assertThat(p.percentile(50)).isEqualTo(20); // rank ceil(0.5 * 4) = 2
    assertThat(p.percentile(51)).isEqualTo(30); // rank ceil(2.04) = 3
    assertThat(p.percentile(1)).isEqualTo(10);
    assertThat(p.max()).isEqualTo(40);
  }

  @Test
  void p99OfTwentyThousandIsThe19800thSmallest() {
    long[] values = LongStream.range(0, 20_000).map(i -> 19_999 - i).toArray();
    assertThat(new Percentiles(values).percentile(99)).isEqualTo(19_799);
  }

  @Test
  void noValuesGiveMinusOneAndBadPercentilesAreRefused() {
    Percentiles p = new Percentiles(new long[] {-1});
    assertThat(p.percentile(50)).isEqualTo(-1);
    assertThat(p.max()).isEqualTo(-1);
    assertThatThrownBy(() -> p.percentile(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.percentile(100.5)).isInstanceOf(IllegalArgumentException.class);
  }
}
