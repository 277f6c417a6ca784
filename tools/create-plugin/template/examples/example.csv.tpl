# __ID__ export
time (s),voltage (V)
0,0
0.5,1
1,2
1.5,3
2,4
2.5,5
3,6
