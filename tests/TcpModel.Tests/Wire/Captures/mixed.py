import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.sendto(b'not tcp', ('127.0.0.1', 40091)); u.close()
u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u6.sendto(b'not tcp either', ('::1', 40091)); u6.close()
c = socket.socket()
try: c.connect(('127.0.0.1', 40092))
except ConnectionRefusedError: print('refused')
c.close()
