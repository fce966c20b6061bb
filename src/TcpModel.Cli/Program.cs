using System;
using System.IO;
using System.Text;

Console.OutputEncoding = Encoding.UTF8;
// Buffered: a check of a large capture writes a block per connection; flushed once at the end.
using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 64 * 1024) { AutoFlush = false };
int code = TcpModel.Cli.CliApp.Run(args, Console.In, stdout, Console.Error);
stdout.Flush();
return code;
