import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStackText } from '../../../../src/source/stackText/parseStackText';
import { type TextFrame, toFrameView } from '../../../../src/source/stackText/textFrame';

/** Output recorded from runtimes that do not run here (test/fixtures/stackText/samples). */
const SAMPLES = join(__dirname, '..', '..', '..', 'fixtures', 'stackText', 'samples');
const sample = (name: string) => readFileSync(join(SAMPLES, name), 'utf8');
const located = (text: string, f: TextFrame) => text.split('\n')[f.line]!.slice(f.start, f.end);
const rows = (frames: TextFrame[]) => frames.map((f) => [f.function, f.module, f.path, f.lineno, f.colno, f.inApp]);

describe('stack text: recorded samples', () => {
  it('Go panic: the function from the line above each file, package as module, the standard library not in-app', () => {
    const text = sample('go-panic.txt');
    const { frames } = parseStackText(text);
    assert.deepEqual(rows(frames), [
      ['(*Cart).Average', 'github.com/acme/shop/internal/cart', '/build/shop/internal/cart/cart.go', 42, undefined, undefined],
      ['handler', 'main', '/build/shop/cmd/server/main.go', 27, undefined, undefined],
      ['HandlerFunc.ServeHTTP', 'net/http', '/usr/local/go/src/net/http/server.go', 2136, undefined, false],
      ['(*Server).Serve', 'net/http', '/usr/local/go/src/net/http/server.go', 3086, undefined, false],
    ]);
    assert.equal(located(text, frames[0]!), '/build/shop/internal/cart/cart.go:42');
    assert.ok(frames.every((f) => f.format === 'go'));
  });

  it('Ruby: the first line and `from` lines, both quote styles, block frames, internal and gem frames', () => {
    const text = sample('ruby-error.txt');
    const { frames } = parseStackText(text);
    assert.deepEqual(
      frames.map((f) => [f.function, f.path, f.lineno]),
      [
        ['Order#total', '/srv/app/app/models/order.rb', 14],
        ['Checkout#run', '/srv/app/app/services/checkout.rb', 8],
        ['loop', '<internal:kernel>', 187],
        ['run_callbacks', '/usr/local/bundle/gems/activesupport-7.1.3/lib/active_support/callbacks.rb', 121],
        ['<main>', '/srv/app/bin/checkout', 5],
      ],
    );
    assert.equal(frames[2]!.inApp, false);
    assert.equal(toFrameView(frames[3]!).inApp, false, 'a gem is a library');
    assert.equal(toFrameView(frames[0]!).inApp, undefined);
    assert.equal(located(text, frames[1]!), '/srv/app/app/services/checkout.rb:8');
  });

  it('PHP: where it was raised, each #N line with class and method, `thrown in … on line N`; {main} is text', () => {
    const text = sample('php-uncaught.txt');
    const { frames } = parseStackText(text);
    assert.deepEqual(rows(frames), [
      [undefined, undefined, '/var/www/html/src/Inventory/Stock.php', 31, undefined, undefined],
      ['reserve', 'App\\Inventory\\Stock', '/var/www/html/src/Order/OrderService.php', 54, undefined, undefined],
      ['place', 'App\\Order\\OrderService', '/var/www/html/vendor/laravel/framework/src/Illuminate/Routing/Controller.php', 54, undefined, false],
      ['handle', undefined, '/var/www/html/public/index.php', 12, undefined, undefined],
      [undefined, undefined, '/var/www/html/src/Inventory/Stock.php', 31, undefined, undefined],
    ]);
    assert.deepEqual(
      frames.map((f) => located(text, f)),
      [
        '/var/www/html/src/Inventory/Stock.php:31',
        '/var/www/html/src/Order/OrderService.php(54)',
        '/var/www/html/vendor/laravel/framework/src/Illuminate/Routing/Controller.php(54)',
        '/var/www/html/public/index.php(12)',
        '/var/www/html/src/Inventory/Stock.php on line 31',
      ],
    );
  });

  it('.NET: frames with `in file:line N` (Unix and Windows paths); framework frames without a file are text', () => {
    const text = sample('dotnet-exception.txt');
    const { frames } = parseStackText(text);
    assert.deepEqual(rows(frames), [
      ['Cheapest', 'Shop.Orders.OrderService', '/src/Shop/Orders/OrderService.cs', 37, undefined, undefined],
      ['Main', 'Shop.Program', 'C:\\build\\Shop\\Program.cs', 12, undefined, undefined],
    ]);
    assert.equal(located(text, frames[1]!), 'C:\\build\\Shop\\Program.cs:line 12');
    assert.deepEqual(toFrameView(frames[1]!).absPath, 'C:\\build\\Shop\\Program.cs');
  });

  it('Firefox and Safari: fn@url:line:col, anonymous and `global code` frames, query strings kept in the path', () => {
    const text = sample('firefox-safari.txt');
    const { frames } = parseStackText(text);
    assert.deepEqual(
      frames.map((f) => [f.function, f.path, f.lineno, f.colno]),
      [
        ['loadCart', 'http://localhost:5173/src/cart/loadCart.ts?t=1712345678', 18, 11],
        ['renderCart/<', 'http://localhost:5173/src/components/Cart.tsx', 42, 23],
        [undefined, 'http://localhost:5173/src/main.tsx', 9, 1],
        ['loadCart', 'http://localhost:5173/src/cart/loadCart.ts', 18, 15],
        [undefined, 'http://localhost:5173/src/main.tsx', 9, 9],
      ],
    );
    assert.equal(located(text, frames[1]!), 'http://localhost:5173/src/components/Cart.tsx:42:23');
    assert.ok(frames.every((f) => f.format === 'firefox'));
  });

  it('JVM in a Spring log (Kotlin): jar notes, module prefixes, Native Method and `... 42 more` left as text', () => {
    const text = sample('jvm-kotlin.txt');
    const { frames } = parseStackText(text);
    assert.deepEqual(rows(frames), [
      ['checkout', 'com.acme.shop.cart.CartService', 'CartService.kt', 58, undefined, undefined],
      ['post', 'com.acme.shop.web.CartController', 'CartController.kt', 31, undefined, undefined],
      ['service', 'org.springframework.web.servlet.FrameworkServlet', 'FrameworkServlet.java', 885, undefined, false],
      ['first', 'kotlin.collections.CollectionsKt___CollectionsKt', '_Collections.kt', 214, undefined, false],
      ['first', 'com.acme.shop.cart.Cart', 'Cart.kt', 12, undefined, undefined],
    ]);
    assert.equal(toFrameView(frames[0]!).filename, 'CartService.kt');
    assert.equal(toFrameView(frames[0]!).platform, 'java');
  });

  it('pytest: `path.py:N: in fn` and the bare `path.py:N:` of the test itself', () => {
    const text = sample('pytest-failure.txt');
    const { frames } = parseStackText(text);
    assert.deepEqual(
      frames.map((f) => [f.function, f.path, f.lineno]),
      [
        [undefined, 'tests/test_inventory.py', 6],
        ['reserve', 'shop/inventory.py', 7],
      ],
    );
    // The summary line `FAILED tests/test_inventory.py::test_reserve - …` names no line.
    assert.ok(frames.every((f) => f.line < 12));
  });
});
