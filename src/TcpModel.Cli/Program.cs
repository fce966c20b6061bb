using System;
using System.Text;

Console.OutputEncoding = Encoding.UTF8;
return TcpModel.Cli.CliApp.Run(args, Console.In, Console.Out, Console.Error);
