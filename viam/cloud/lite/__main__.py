from viam.cloud.lite.server import main

main()
