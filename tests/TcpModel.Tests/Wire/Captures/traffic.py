import socket, struct, sys, time, threading
mode = sys.argv[1]; fam = socket.AF_INET6 if sys.argv[2] == '6' else socket.AF_INET
host = '::1' if fam == socket.AF_INET6 else '127.0.0.1'; port = int(sys.argv[3])
def server(ls, n, server_closes_first):
    for _ in range(n):
        c, _ = ls.accept()
        data = b''
        while True:
            d = c.recv(4096)
            if not d: break
            data += d
            if server_closes_first and len(data) >= 5: break
        c.sendall(b'pong:' + data[:20])
        c.close()
ls = socket.socket(fam); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); ls.bind((host, port)); ls.listen(4)
if mode == 'simple':
    t = threading.Thread(target=server, args=(ls, 1, False)); t.start()
    c = socket.socket(fam); c.connect((host, port)); c.sendall(b'hello world'); c.shutdown(socket.SHUT_WR)
    print(c.recv(100)); c.close(); t.join()
elif mode == 'reuse':
    # conn 1: client aborts with RST; conn 2: same 4-tuple, server closes first; conn 3: refused
    t = threading.Thread(target=server, args=(ls, 2, True)); t.start()
    c = socket.socket(fam); c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); c.bind((host, port + 1)); c.connect((host, port))
    c.sendall(b'first'); time.sleep(0.2)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0)); c.close(); time.sleep(0.2)
    c = socket.socket(fam); c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); c.bind((host, port + 1)); c.connect((host, port))
    c.sendall(b'second'); print(c.recv(100)); time.sleep(0.2); c.close(); t.join()
    c = socket.socket(fam)
    try: c.connect((host, port + 2))
    except ConnectionRefusedError: print('refused')
    c.close()
elif mode == 'bulk':
    t = threading.Thread(target=server, args=(ls, 1, False)); t.start()
    c = socket.socket(fam); c.connect((host, port)); c.sendall(b'x' * 200000); c.shutdown(socket.SHUT_WR)
    print(len(c.recv(100))); c.close(); t.join()
ls.close()
